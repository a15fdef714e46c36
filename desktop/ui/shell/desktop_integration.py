"""The application icon (every bundled size, sharp at any device pixel ratio) and the desktop file name."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from ...core.paths import resource

SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """Gloss's icon: the PNG renderings of resources/icons/gloss.svg, the right one chosen per size and DPI."""
    icon = QIcon()
    folder = resource("icons")
    for size in SIZES:
        png = folder / f"gloss-{size}.png"
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    if icon.isNull() and (folder / "gloss.svg").is_file():
        icon = QIcon(str(folder / "gloss.svg"))
    return icon


def install(window) -> None:
    """Set the icon on the application and the window; name the .desktop file for Wayland and docks."""
    icon = app_icon()
    app = QApplication.instance()
    if app is not None:
        app.setWindowIcon(icon)
        app.setDesktopFileName("gloss")  # matches resources/gloss.desktop once installed
    window.setWindowIcon(icon)

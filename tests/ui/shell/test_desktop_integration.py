"""Desktop integration: the app icon at every size, the .desktop entry, its installer, accessible names."""

from __future__ import annotations

import configparser
import os
import subprocess
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QApplication, QComboBox,
                               QLineEdit)

ROOT = Path(__file__).resolve().parents[3]


def test_window_and_application_have_the_gloss_icon_sharp_at_2x(window):
    icon = QApplication.instance().windowIcon()
    assert not icon.isNull() and not window.windowIcon().isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert {16, 32, 48, 64, 128, 256} <= sizes
    pixmap = icon.pixmap(QSize(32, 32), 2.0)  # a 32-pixel icon on a 2x screen uses the 64-pixel drawing
    assert pixmap.width() == 64 and pixmap.devicePixelRatio() == 2.0
    for size in (16, 32, 128):
        assert (ROOT / "resources" / "icons" / f"gloss-{size}@2x.png").is_file()


def test_desktop_entry_declares_the_handler_and_file_types():
    entry = configparser.ConfigParser(interpolation=None, strict=True)
    entry.optionxform = str
    entry.read(ROOT / "resources" / "gloss.desktop", encoding="utf-8")
    d = entry["Desktop Entry"]
    assert d["Type"] == "Application" and d["Name"] == "Gloss" and d["Icon"] == "gloss"
    assert d["Exec"] == "gloss %u"
    assert d["MimeType"] == "x-scheme-handler/gloss;text/plain;text/markdown;text/html;"
    assert d["Categories"].endswith(";")


def test_install_script_puts_entry_and_icons_in_the_user_data_folder(tmp_path):
    data = tmp_path / "share"
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(data), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(["sh", str(ROOT / "scripts" / "install-desktop-entry")], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (data / "applications" / "gloss.desktop").is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / "gloss.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / "gloss.svg").is_file()
    undone = subprocess.run(["sh", str(ROOT / "scripts" / "install-desktop-entry"), "--uninstall"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert undone.returncode == 0, undone.stderr
    assert not (data / "applications" / "gloss.desktop").exists()


def _inside_a_control(widget, pane) -> bool:
    parent = widget.parent()
    while parent is not None and parent is not pane:
        if isinstance(parent, (QComboBox, QLineEdit)):
            return True
        parent = parent.parent()
    return False


def test_every_control_in_the_library_search_find_and_annotations_panes_has_an_accessible_name(window):
    unnamed = []
    for pane in (window.library_pane, window.search_panel, window.find_bar, window.annotations_panel):
        for kind in (QLineEdit, QComboBox, QAbstractItemView, QAbstractButton, QAbstractSpinBox):
            for widget in pane.findChildren(kind):
                if _inside_a_control(widget, pane):
                    continue  # a control's own internals (the line edit's clear button, a combo's popup)
                if not widget.accessibleName():
                    unnamed.append(f"{type(pane).__name__}: {type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []

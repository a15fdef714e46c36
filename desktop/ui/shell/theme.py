"""Colour themes (light, sepia, dark) and the reading typography, applied to the whole app."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

SERIF = ["Charter", "Iowan Old Style", "Source Serif 4", "Source Serif Pro", "Literata", "Georgia",
         "Palatino Linotype", "Palatino", "DejaVu Serif", "serif"]
SANS = ["Inter", "Source Sans 3", "Segoe UI", "Helvetica Neue", "Cantarell", "DejaVu Sans", "sans-serif"]
THEMES = ("light", "sepia", "dark")
STYLE = "Fusion"


@dataclass(frozen=True)
class Theme:
    """The colours one theme uses; ``dark`` picks the dark variant of highlight colours."""

    name: str
    dark: bool
    page: str  # the reading surface
    ink: str  # body text
    muted: str  # metadata, secondary text
    chrome: str  # panels and window
    chrome_text: str
    accent: str
    rule: str  # thin lines and card borders
    card: str  # margin cards
    entity_mark: str  # the mark on an entity's mentions (never a user highlight colour)
    find: str = "#e3ded3"  # every match of the find bar: a neutral wash (never a highlight colour), underlined
    find_current: str = "#ff9d3c"  # the match the find bar is on
    flash: str = "#f4a259"  # a passage jumped to from search or the annotations list, briefly
    danger: str = "#b3261e"  # "no matches", destructive actions


LIGHT = Theme("light", False, page="#fdfcf9", ink="#1f1d1a", muted="#6b665e", chrome="#f1efea",
              chrome_text="#26241f", accent="#2c5f8a", rule="#d9d4ca", card="#ffffff",
              entity_mark="#2c5f8a", find="#e3ded3", find_current="#f4a259", flash="#f4a259",
              danger="#b3261e")
SEPIA = Theme("sepia", False, page="#f5ecd9", ink="#3b2f22", muted="#7a6a55", chrome="#ebe0c9",
              chrome_text="#3b2f22", accent="#8a5a2c", rule="#d5c6a6", card="#fbf5e8",
              entity_mark="#8a5a2c", find="#dccca9", find_current="#e39a4f", flash="#e39a4f",
              danger="#a1321f")
DARK = Theme("dark", True, page="#1c1d20", ink="#dcd8d0", muted="#9a958c", chrome="#25272b",
             chrome_text="#dcd8d0", accent="#7fb0dc", rule="#3a3d43", card="#2a2c31",
             entity_mark="#7fb0dc", find="#3b4048", find_current="#a4601c", flash="#a4601c",
             danger="#f28b82")
BY_NAME = {t.name: t for t in (LIGHT, SEPIA, DARK)}


def system_theme() -> Theme:
    """Follow the desktop's colour scheme where Qt knows it; light otherwise."""
    from PySide6.QtCore import Qt  # only here: see ``reader.view.NAMESPACE_FREE``

    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def theme_named(name: str | None) -> Theme:
    """The named theme; ``None``, "" or "system" (or an unknown name) follows the system."""
    return BY_NAME.get(name or "", None) or system_theme()


def highlight_colour(theme: Theme, light: str, dark: str) -> str:
    """The variant of a highlight colour that reads well on ``theme``'s page."""
    return dark if theme.dark else light


def reading_font(size_pt: float, family: str = "") -> QFont:
    font = QFont()
    font.setFamilies([family, *SERIF] if family else SERIF)
    font.setPointSizeF(size_pt)
    font.setHintingPreference(QFont.HintingPreference.PreferVerticalHinting)
    return font


def ui_font(size_pt: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(SANS)
    font.setPointSizeF(size_pt)
    font.setBold(bold)
    return font


def apply(app: QApplication, theme: Theme) -> None:
    """Set the Fusion style (once), a palette and a small stylesheet for ``theme``."""
    if app.property("gloss_style") != STYLE:  # a new style object costs ~15 ms and a re-polish
        app.setStyle(STYLE)
        app.setProperty("gloss_style", STYLE)
    pal = QPalette()
    chrome, text = QColor(theme.chrome), QColor(theme.chrome_text)
    for role, colour in (
        (QPalette.ColorRole.Window, chrome), (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, QColor(theme.page)), (QPalette.ColorRole.AlternateBase, chrome),
        (QPalette.ColorRole.Text, QColor(theme.ink)), (QPalette.ColorRole.Button, chrome),
        (QPalette.ColorRole.ButtonText, text), (QPalette.ColorRole.Highlight, QColor(theme.accent)),
        (QPalette.ColorRole.HighlightedText, QColor(theme.page)),
        (QPalette.ColorRole.ToolTipBase, QColor(theme.card)), (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor(theme.muted)), (QPalette.ColorRole.Link, QColor(theme.accent)),
        (QPalette.ColorRole.Mid, QColor(theme.rule)), (QPalette.ColorRole.Midlight, QColor(theme.rule)),
    ):
        pal.setColor(role, colour)
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text, QColor(theme.muted))
    pal.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText, QColor(theme.muted))
    app.setPalette(pal)
    app.setStyleSheet(
        f"""
        QMainWindow::separator {{ background: {theme.rule}; width: 1px; height: 1px; }}
        QDockWidget {{ font-size: 10pt; }}
        QDockWidget::title {{ padding: 6px 8px; background: {theme.chrome}; }}
        QListView, QTreeView {{ border: none; background: {theme.chrome}; }}
        QListView::item, QTreeView::item {{ padding: 4px 2px; }}
        QListView::item:selected, QTreeView::item:selected {{ background: {theme.rule}; color: {theme.chrome_text}; }}
        QStatusBar {{ color: {theme.muted}; }}
        QLineEdit {{ border: 1px solid {theme.rule}; border-radius: 4px; padding: 3px 6px; background: {theme.page};
                     color: {theme.ink}; selection-background-color: {theme.accent}; selection-color: {theme.page}; }}
        QLineEdit:focus {{ border-color: {theme.accent}; }}
        QComboBox QAbstractItemView {{ background: {theme.card}; color: {theme.ink};
                                       selection-background-color: {theme.rule}; selection-color: {theme.ink}; }}
        QToolBar {{ background: {theme.chrome}; border: none; border-top: 1px solid {theme.rule}; spacing: 6px;
                    padding: 3px 8px; }}
        QToolButton {{ border: 1px solid transparent; border-radius: 4px; padding: 2px 6px; color: {theme.chrome_text}; }}
        QToolButton:hover {{ border-color: {theme.rule}; background: {theme.page}; }}
        QToolButton::menu-indicator {{ image: none; width: 0; }}
        QToolButton#librarySort {{ color: {theme.muted}; }}
        QTabBar::tab {{ background: {theme.chrome}; color: {theme.muted}; padding: 4px 10px; border: none; }}
        QTabBar::tab:selected {{ color: {theme.chrome_text}; border-bottom: 2px solid {theme.accent}; }}
        QMenu {{ background: {theme.card}; color: {theme.ink}; border: 1px solid {theme.rule}; }}
        QMenu::item {{ padding: 4px 22px 4px 22px; }}
        QMenu::item:selected {{ background: {theme.rule}; color: {theme.ink}; }}
        QMenu::item:disabled {{ color: {theme.muted}; }}
        QMenu::separator {{ height: 1px; background: {theme.rule}; margin: 3px 6px; }}
        QToolTip {{ background: {theme.card}; color: {theme.ink}; border: 1px solid {theme.rule}; }}
        QLabel#findCount, QLabel#libraryCount, QLabel#searchCount {{ color: {theme.muted}; }}
        QLabel#findCount[empty="true"] {{ color: {theme.danger}; }}
        """
    )

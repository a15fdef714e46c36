"""Themes (light, sepia, dark, or the system's) and reading settings: legible, applied at once, remembered."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QKeySequence, QPalette
from PySide6.QtWidgets import QApplication

from desktop.store.highlights import colors
from desktop.ui.shell import theme as themes
from desktop.ui.preferences.reading import DEFAULTS


def luminance(colour) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def reopen(qtbot, library, theme=None):
    from desktop.ui.shell.app import start_window

    win = start_window(library, theme)
    qtbot.addWidget(win)
    win.resize(760, 560)
    win.show()
    qtbot.waitExposed(win)
    qtbot.waitUntil(win.features_installed)
    win.activateWindow()
    qtbot.waitUntil(win.isActiveWindow)
    return win


@pytest.mark.parametrize("name", ["light", "sepia", "dark"])
def test_each_theme_is_legible_everywhere(window, name):
    from PySide6.QtGui import QColor

    window.set_theme(name)
    theme = window.theme
    pal = QApplication.instance().palette()
    reader_pal = window.reader.palette()
    page = reader_pal.color(QPalette.ColorRole.Base)
    assert page == QColor(theme.page)
    assert contrast(reader_pal.color(QPalette.ColorRole.Text), page) >= 7  # body text
    chrome = pal.color(QPalette.ColorRole.Window)
    assert contrast(pal.color(QPalette.ColorRole.WindowText), chrome) >= 7  # library titles, panels
    assert contrast(pal.color(QPalette.ColorRole.PlaceholderText), chrome) >= 3.5  # secondary lines
    assert contrast(pal.color(QPalette.ColorRole.Highlight), chrome) >= 3  # tags, progress bars
    assert contrast(QColor(theme.ink), QColor(theme.card)) >= 7  # margin cards
    for c in colors(window.library):  # text stays readable on every highlight colour
        assert contrast(QColor(theme.ink), QColor(themes.highlight_colour(theme, c["light"], c["dark"]))) >= 3
    assert contrast(QColor(theme.ink), QColor(theme.find_current)) >= 3
    assert (luminance(page) < 0.1) == theme.dark


def test_themes_differ_and_switch_the_whole_window(window):
    pages = set()
    for name in themes.THEMES:
        window.set_theme(name)
        pages.add(window.reader.palette().color(QPalette.ColorRole.Base).name())
        assert QApplication.instance().palette().color(QPalette.ColorRole.Window).name() == window.theme.chrome
    assert len(pages) == 3


def test_a_new_library_follows_the_system_and_the_choice_is_remembered(qtbot, library):
    win = reopen(qtbot, library)
    assert win.theme == themes.system_theme()
    follow = [a for a in win.findChildren(type(win.menuBar().actions()[0])) if a.objectName() == "theme_system"]
    assert follow and follow[0].isCheckable()
    win.set_theme("sepia")
    win.close()
    again = reopen(qtbot, library)
    assert again.theme.name == "sepia"
    again.findChild(type(follow[0]), "theme_system").trigger()
    assert library.setting("theme") == "system" and again.theme == themes.system_theme()


def test_next_theme_key_cycles(window, qtbot):
    window.set_theme("light")
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+D"))
    assert window.theme.name == "sepia"
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+D"))
    assert window.theme.name == "dark"


def test_line_width_and_spacing_keys_apply_and_are_remembered(window, qtbot, library):
    reader = window.reader
    column = reader.text_column_width()
    qtbot.keySequence(window, QKeySequence("Ctrl+]"))
    assert reader.measure_chars == DEFAULTS["measure_chars"] + 4
    assert reader.text_column_width() > column  # the column asks for more room (the window may cap it)
    qtbot.keySequence(window, QKeySequence("Ctrl+Shift+]"))
    assert reader.line_spacing == pytest.approx(DEFAULTS["line_spacing"] + 0.1)
    window.close()
    again = reopen(qtbot, library)
    assert again.reader.measure_chars == DEFAULTS["measure_chars"] + 4
    assert again.reader.line_spacing == pytest.approx(DEFAULTS["line_spacing"] + 0.1)
    qtbot.keySequence(again, QKeySequence("Ctrl+0"))
    assert (again.reader.measure_chars, again.reader.line_spacing) == (DEFAULTS["measure_chars"], DEFAULTS["line_spacing"])
    assert library.setting("measure_chars") == str(DEFAULTS["measure_chars"])


def test_reading_page_previews_cancel_reverts_ok_keeps(window, qtbot, library):
    from desktop.ui.preferences.dialog import PreferencesDialog

    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    titles = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert titles[0] == "Highlight colours" and "Reading" in titles
    page = dialog.pages[titles.index("Reading")].widget
    dialog.tabs.setCurrentWidget(page)
    dialog.show()
    page.measure.setValue(90)
    page.spacing.setValue(2.0)
    assert window.reader.measure_chars == 90 and window.reader.line_spacing == 2.0  # previewed at once
    dialog.reject()
    assert window.reader.measure_chars == DEFAULTS["measure_chars"]
    assert window.reader.line_spacing == DEFAULTS["line_spacing"]
    assert library.setting("measure_chars") == ""

    dialog = PreferencesDialog(window)
    qtbot.addWidget(dialog)
    page = dialog.pages[titles.index("Reading")].widget
    dialog.show()
    page.size.setValue(16)
    page.theme.setCurrentIndex(page.theme.findData("dark"))
    page.family.setCurrentFont(QFont("DejaVu Sans"))
    dialog.accept()
    assert window.reader.font_size == 16 and window.theme.name == "dark"
    assert library.setting("font_size") == "16" and library.setting("theme") == "dark"
    assert library.setting("font_family") == "DejaVu Sans"
    assert window.reader.document().defaultFont().family() == "DejaVu Sans"


def _painted_page(window) -> str:
    """The colour the text column's viewport paints below the text (a corner the text never reaches)."""
    image = window.reader.viewport().grab().toImage()
    return image.pixelColor(3, image.height() - 3).name()


def test_switching_theme_repaints_the_text_column_both_ways(window, qtbot):
    """The window as gloss makes it (features after the first paint): what the viewport paints
    follows the theme, to dark and back, not only the widget's palette."""
    from desktop.ui.shell import theme as themes

    assert _painted_page(window) == themes.theme_named("light").page
    for name in ("dark", "sepia", "light", "dark"):
        window.set_theme(name)
        qtbot.wait(20)
        assert _painted_page(window) == themes.theme_named(name).page, name

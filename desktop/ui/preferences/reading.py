"""Reading comfort: theme, font family and size, line width and spacing, remembered in the library.

``install(window)`` applies the remembered typography at start, adds the "Reading" page to the
Preferences dialog, "Follow System" to View ▸ Theme, and keyboard steps for the line width and
spacing. The page previews changes in the reader as they are made; Cancel puts them back.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QFont, QFontInfo
from PySide6.QtWidgets import (QComboBox, QDoubleSpinBox, QFontComboBox, QFormLayout, QLabel, QPushButton,
                               QSpinBox, QWidget)

from ..reader.view import TYPOGRAPHY_DEFAULTS as DEFAULTS  # noqa: F401 (the page's defaults)
from ..reader.view import stored_typography as stored

THEME_CHOICES = [("Follow the system", "system"), ("Light", "light"), ("Sepia", "sepia"), ("Dark", "dark")]
from ..shell import theme as themes
from ..shell.keys import set_keys


def current(reader) -> dict:
    return {"font_size": reader.font_size, "font_family": reader.font_family,
            "measure_chars": reader.measure_chars, "line_spacing": reader.line_spacing}


def apply_typography(window, values: dict, remember: bool = True) -> None:
    """Set the reader's typography (clamped by the reader) and, if asked, remember what it took."""
    reader = window.reader
    reader.set_typography(size=values["font_size"], family=values["font_family"],
                          measure=int(values["measure_chars"]), spacing=values["line_spacing"])
    if remember:
        for key, value in current(reader).items():
            window.library.set_setting(key, f"{value:g}" if isinstance(value, float) else str(value))


def resolved_family(family: str) -> str:
    """The family the reader really uses for ``family`` ("" = Gloss's serif list, first one installed)."""
    return QFontInfo(themes.reading_font(12, family)).family()


class ReadingPage(QWidget):
    """The Preferences page; every control previews at once, ``apply`` remembers, Cancel reverts."""

    def __init__(self, window) -> None:
        super().__init__()
        self.window_ = window
        self.setObjectName("readingPage")
        self.before = current(window.reader)
        self.theme_before = window.library.setting("theme") or "system"
        form = QFormLayout(self)
        intro = QLabel("How articles are set. Changes show in the reader as you make them.")
        intro.setWordWrap(True)
        form.addRow(intro)
        self.theme = QComboBox(self)
        self.theme.setObjectName("readingTheme")
        self.theme.setAccessibleName("Colour theme")
        for label, key in THEME_CHOICES:
            self.theme.addItem(label, key)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self.theme_before)))
        self.family = QFontComboBox(self)
        self.family.setObjectName("readingFamily")
        self.family.setAccessibleName("Reading font")
        self.family.setFontFilters(QFontComboBox.FontFilter.ScalableFonts)
        self.family.setCurrentFont(QFont(resolved_family(window.reader.font_family)))
        self.size = QDoubleSpinBox(self)
        self.size.setObjectName("readingSize")
        self.size.setAccessibleName("Text size in points")
        self.size.setRange(8, 32)
        self.size.setSingleStep(0.5)
        self.size.setSuffix(" pt")
        self.size.setValue(window.reader.font_size)
        self.measure = QSpinBox(self)
        self.measure.setObjectName("readingMeasure")
        self.measure.setAccessibleName("Line width in characters")
        self.measure.setRange(40, 110)
        self.measure.setSuffix(" characters")
        self.measure.setValue(window.reader.measure_chars)
        self.spacing = QDoubleSpinBox(self)
        self.spacing.setObjectName("readingSpacing")
        self.spacing.setAccessibleName("Line spacing")
        self.spacing.setRange(1.0, 2.5)
        self.spacing.setSingleStep(0.05)
        self.spacing.setDecimals(2)
        self.spacing.setSuffix(" ×")
        self.spacing.setValue(window.reader.line_spacing)
        self.reset = QPushButton("Reset to Defaults", self)
        self.reset.setObjectName("readingReset")
        self.reset.setAccessibleName("Reset reading settings to defaults")
        form.addRow("&Theme:", self.theme)
        form.addRow("&Font:", self.family)
        form.addRow("&Size:", self.size)
        form.addRow("Line &width:", self.measure)
        form.addRow("Line s&pacing:", self.spacing)
        form.addRow("", self.reset)
        self.theme.currentIndexChanged.connect(lambda _i: window.apply_theme(themes.theme_named(self.theme.currentData())))
        self.family.currentFontChanged.connect(lambda _f: self.preview())
        for box in (self.size, self.measure, self.spacing):
            box.valueChanged.connect(lambda _v: self.preview())
        self.reset.clicked.connect(self.restore_defaults)
        self._hooked = False

    def values(self) -> dict:
        family = self.family.currentFont().family()
        return {"font_size": self.size.value(), "font_family": "" if family == resolved_family("") else family,
                "measure_chars": self.measure.value(), "line_spacing": self.spacing.value()}

    def preview(self) -> None:
        apply_typography(self.window_, self.values(), remember=False)

    def restore_defaults(self) -> None:
        self.size.setValue(DEFAULTS["font_size"])
        self.measure.setValue(DEFAULTS["measure_chars"])
        self.spacing.setValue(DEFAULTS["line_spacing"])
        self.family.setCurrentFont(QFont(resolved_family("")))
        self.preview()

    def apply(self) -> str | None:
        apply_typography(self.window_, self.values())
        self.window_.set_theme(self.theme.currentData())
        self.before = current(self.window_.reader)
        self.theme_before = self.theme.currentData()
        return None

    def revert(self) -> None:
        apply_typography(self.window_, self.before, remember=False)
        self.window_.apply_theme(themes.theme_named(self.theme_before))

    def showEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        dialog = self.window()
        if not self._hooked and hasattr(dialog, "rejected"):
            dialog.rejected.connect(self.revert)  # Cancel: the reader goes back to how it was
            self._hooked = True


def reading_page(window):
    from .dialog import Page

    page = ReadingPage(window)
    return Page("Reading", page, page.apply)


def step(window, key: str, delta: float) -> None:
    values = current(window.reader)
    values[key] = values[key] + delta
    apply_typography(window, values)
    if key != "measure_chars":
        window.report(f"Line spacing {window.reader.line_spacing:.2f}")
        return
    reader = window.reader
    fitted = reader.fitted_chars()
    if fitted < reader.measure_chars - 1:  # the column is as wide as the window allows
        window.report(f"Line width {reader.measure_chars} characters; the window has room for {fitted} "
                      "beside the margin: widen it, or hide a pane (View menu)")
    else:
        window.report(f"Line width {reader.measure_chars} characters")


def install(window) -> None:
    """Remembered typography, the Preferences page, Follow System, and width/spacing keys."""
    apply_typography(window, stored(window.library), remember=False)  # the window's frame did: no change
    try:
        from . import dialog as preferences
    except ImportError:  # the dialog is another feature's; without it the keys still work
        preferences = None
    if preferences is not None:
        preferences.register(reading_page)

    theme_menu = next((a.menu() for a in window.view_menu.actions() if a.menu() and "Theme" in a.text()), None)
    if theme_menu is not None:
        group = QActionGroup(window)
        system = QAction("Follow &System", window)
        system.setObjectName("theme_system")
        system.triggered.connect(lambda: window.set_theme("system"))
        theme_menu.insertAction(theme_menu.actions()[0] if theme_menu.actions() else None, system)
        theme_menu.insertSeparator(theme_menu.actions()[1])
        choices = [a for a in theme_menu.actions() if a.objectName().startswith("theme_")]
        for action in choices:
            action.setCheckable(True)
            group.addAction(action)

        def mark() -> None:
            chosen = window.library.setting("theme") or "system"
            for action in choices:
                action.setChecked(action.objectName() == f"theme_{chosen}")

        theme_menu.aboutToShow.connect(mark)
        mark()

    def cycle() -> None:
        names = list(themes.THEMES)
        now = window.theme.name if window.theme else "light"
        window.set_theme(names[(names.index(now) + 1) % len(names)] if now in names else names[0])
        window.report(f"{window.theme.name.capitalize()} theme")

    actions = window.view_menu.actions()
    smaller = next((i for i, a in enumerate(actions) if a.objectName() == "smaller_text"), None)
    before = actions[smaller + 1] if smaller is not None and smaller + 1 < len(actions) else None
    for text, name, keys, slot in (
        ("Next &Theme", "next_theme", ["Ctrl+Shift+D"], cycle),
        ("&Wider Lines", "wider_lines", ["Ctrl+]"], lambda: step(window, "measure_chars", +4)),
        ("&Narrower Lines", "narrower_lines", ["Ctrl+["], lambda: step(window, "measure_chars", -4)),
        ("More Line S&pacing", "more_spacing", ["Ctrl+Shift+]"], lambda: step(window, "line_spacing", +0.1)),
        ("Less Line Spa&cing", "less_spacing", ["Ctrl+Shift+["], lambda: step(window, "line_spacing", -0.1)),
        ("&Reset Reading Settings", "reset_reading", ["Ctrl+0"],
         lambda: (apply_typography(window, dict(DEFAULTS)), window.report("Reading settings reset"))),
    ):
        action = QAction(text, window)
        action.setObjectName(name)
        set_keys(action, *keys)
        action.triggered.connect(slot)
        window.view_menu.insertAction(before, action)  # beside Larger/Smaller Text

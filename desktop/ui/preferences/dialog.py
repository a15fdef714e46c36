"""The Preferences dialog: one tab per area; features register their page in ``PAGES``.

A page factory takes the main window and returns a ``Page`` (a title, a widget and an ``apply``
that stores the page's settings). "Highlight colours" is the first page: what each colour means.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QTabWidget,
                               QVBoxLayout, QWidget)


@dataclass
class Page:
    title: str
    widget: QWidget
    apply: Callable[[], str | None]  # returns a message if something could not be applied


PAGES: list[Callable[[object], Page]] = []


def register(factory: Callable[[object], Page]) -> Callable[[object], Page]:
    """Add a page factory (a decorator); pages appear in registration order."""
    if factory not in PAGES:
        PAGES.append(factory)
    return factory


@register
def colours_page(window) -> Page:
    from ...store.highlights import colors
    from ..reader.selection_toolbar import swatch

    widget = QWidget()
    widget.setObjectName("coloursPage")
    form = QFormLayout(widget)
    intro = QLabel("What each highlight colour means to you. The label shows in the margin; "
                   "keys 1–5 pick the colours in this order.")
    intro.setWordWrap(True)
    form.addRow(intro)
    edits: dict[str, tuple[QLineEdit, str]] = {}
    dark = bool(window.theme.dark)
    for i, c in enumerate(colors(window.library), 1):
        edit = QLineEdit(c["label"])
        edit.setObjectName(f"label_{c['key']}")
        edit.setAccessibleName(f"Label for {c['key']}")
        edit.setMaxLength(40)
        icon = QLabel()
        icon.setPixmap(swatch(QColor(c["dark"] if dark else c["light"]), 16).pixmap(16, 16))
        row = QWidget()
        row_layout = QFormLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addRow(icon, edit)
        form.addRow(f"{i}  {c['key'].capitalize()}", row)
        edits[c["key"]] = (edit, c["label"])

    def apply() -> str | None:
        pending = {k: e.text() for k, (e, old) in edits.items() if e.text().strip() != old}
        if not pending:
            return None
        problem = window.highlighter.relabel_colours(pending)  # one undo step; all or none
        if problem is None:
            edits.update({k: (e, e.text().strip()) for k, (e, _old) in edits.items() if k in pending})
        return problem

    return Page("Highlight colours", widget, apply)


class PreferencesDialog(QDialog):
    def __init__(self, window) -> None:
        super().__init__(window)
        self.setObjectName("preferencesDialog")
        self.setWindowTitle("Preferences")
        self.window_ = window
        self.tabs = QTabWidget(self)
        self.pages = [factory(window) for factory in PAGES]
        for page in self.pages:
            self.tabs.addTab(page.widget, page.title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel(self)  # why OK did not close the dialog: what could not be applied
        self.problem.setObjectName("preferencesProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(f"QLabel {{ color: {window.theme.danger}; }}")
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.resize(460, 360)

    def apply(self) -> str | None:
        """Apply the pages in order, stopping at the first that cannot be applied: its reason."""
        for page in self.pages:
            problem = page.apply()
            if problem:
                return problem
        return None

    def accept(self) -> None:
        """Apply every page; if one cannot be, say why here and stay open, the edits kept (the pages
        after it not applied, so Cancel still leaves them as they were)."""
        problem = self.apply()
        if problem:
            self.problem.setText(problem)
            self.problem.show()
            return
        super().accept()


def open_preferences(window) -> None:
    PreferencesDialog(window).exec()

"""After File ▸ Update from File…: the highlights whose passage was edited in the new version, each
as it read and as it reads now, to review; choosing one shows it in the text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QVBoxLayout

from ...core.library import shorten

ID = Qt.ItemDataRole.UserRole


def summary(report: dict) -> str:
    """One line for the status bar: what became of the highlights."""
    kept, edited, orphaned = report.get("kept", 0), report.get("edited", 0), report["orphaned"]
    line = f"Updated: {kept} kept, {edited} edited, {orphaned} orphaned"
    if edited:
        line += " — review the edited ones"
    if orphaned:
        line += " (orphans are listed at the top of the margin)"
    return line + "."


def to_review(report: dict) -> list[dict]:
    """Highlights to look at again: those re-attached to an edited passage, and orphans found again."""
    return [h for h in report.get("highlights", [])
            if h["result"] == "edited" or (h.get("was") == "orphaned" and h["result"] != "orphaned")]


class UpdateReview(QDialog):
    """A list of the edited highlights, old quote → new quote; Enter or a double click shows one."""

    def __init__(self, window, records: list[dict]) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("updateReview")
        self.setWindowTitle("Review Edited Highlights")
        layout = QVBoxLayout(self)
        label = QLabel(f"{len(records)} highlight{'s' if len(records) != 1 else ''} now on a passage that was "
                       "changed in the new version. Choose one to see it in the text.")
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        self.list.setObjectName("updateReviewList")
        for record in records:
            old, new = record.get("old_quote") or "", record["quote"]
            text = f"“{shorten(new, 90)}”" if old == new else f"“{shorten(old, 60)}”  →  “{shorten(new, 60)}”"
            item = QListWidgetItem(text, self.list)
            item.setData(ID, record)
            item.setToolTip(f"Was: {old}\nNow: {new}")
        self.list.itemActivated.connect(self._show)
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def _show(self, item: QListWidgetItem) -> None:
        record = item.data(ID)
        window = self.window_
        window.highlighter.annotations.select(record["id"])
        window.show_passage(highlight_id=record["id"])

"""File ▸ Update from File…: a new version of the open article, its highlights carried over, and the
ones whose passage was edited listed to review (as each read and reads now; choosing one shows it)."""

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


def update_from_file(highlighter, path: str | None = None) -> dict | None:
    """File ▸ Update from file…: a new version of this article; highlights follow or are orphaned."""
    from PySide6.QtWidgets import QFileDialog

    from ...core.errors import GlossError
    from ...core.importers import SUPPORTED, load
    from ...store.revisions import update_article_text

    article_id = highlighter.article_id()
    if article_id is None:
        highlighter.window.report("Open an article first; then choose its new version.")
        return None
    if path is None:
        patterns = " ".join(f"*{s}" for s in SUPPORTED if s != ".json")
        path, _ = QFileDialog.getOpenFileName(highlighter.window, "Update from a new version of the article",
                                              highlighter.library.setting("last_folder"),
                                              f"Articles ({patterns});;All files (*)")
        if not path:
            return None
    highlighter.margin.flush()
    try:
        counts = update_article_text(highlighter.library, article_id, load(path))
    except GlossError as exc:
        highlighter.window.report(str(exc))
        return None
    highlighter.window.undo_stack.clear()  # older steps name positions in the previous text
    highlighter.window.open_article(article_id)
    highlighter.window.reader.finish_opening()  # the old text must not stay usable: new offsets
    highlighter.window.report(summary(counts))
    highlighter.window.library_changed.emit()
    review = to_review(counts)
    if review:  # the edited ones, to look at again: not modal, the text stays usable
        highlighter.review = UpdateReview(highlighter.window, review)
        highlighter.review.show()
    return counts

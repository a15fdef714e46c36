"""The library list: every article with its source, date and annotation counts."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ..store import Library
from ..store.articles import list_articles

ARTICLE_ID = Qt.ItemDataRole.UserRole


class LibraryPane(QWidget):
    """Lists the library; emits ``article_chosen(id)`` when the user picks one."""

    article_chosen = Signal(int)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.list = QListWidget(self)
        self.list.setObjectName("libraryList")
        self.list.setAccessibleName("Library")
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        self.list.itemActivated.connect(self._on_item)
        self.list.itemClicked.connect(self._on_item)

    def refresh(self, current: int | None = None) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        for row in list_articles(self.library):
            details = " · ".join(v for v in (row["source"], (row["published"] or "")[:10]) if v)
            counts = f"{row['highlights']} highlights, {row['notes']} notes" if row["highlights"] else ""
            item = QListWidgetItem("\n".join(v for v in (row["title"], details, counts) if v))
            item.setData(ARTICLE_ID, row["id"])
            item.setToolTip(row["title"])
            self.list.addItem(item)
            if row["id"] == current:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)

    def select(self, article_id: int) -> None:
        for i in range(self.list.count()):
            if self.list.item(i).data(ARTICLE_ID) == article_id:
                self.list.setCurrentRow(i)
                return

    def _on_item(self, item: QListWidgetItem) -> None:
        self.article_chosen.emit(int(item.data(ARTICLE_ID)))

"""The library list's model: every article's row, filtered and sorted (``desktop.core.library``) for the view."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, Qt

from ...core.library import DEFAULT_SORT, SORTS, shown_rows, spoken

ARTICLE_ID = Qt.ItemDataRole.UserRole
ROW = Qt.ItemDataRole.UserRole + 1


class LibraryModel(QAbstractListModel):
    """The library's rows, filtered and sorted for the view.

    Sorting and filtering happen here, in Python: a library of thousands of rows re-sorts in
    milliseconds. ``current`` is the article marked as open.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: list[dict] = []
        self.rows: list[dict] = []
        self.filter_text = ""
        self.sort_key = DEFAULT_SORT
        self.current: int | None = None

    def set_rows(self, rows: list[dict]) -> None:
        self.all = rows
        self._rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text
        self._rebuild()

    def set_sort(self, key: str) -> None:
        self.sort_key = key if key in SORTS else DEFAULT_SORT
        self._rebuild()

    def _rebuild(self) -> None:
        self.beginResetModel()
        self.rows = shown_rows(self.all, self.filter_text, self.sort_key)
        self.endResetModel()

    def row_of(self, article_id: int) -> int:
        return next((i for i, r in enumerate(self.rows) if r["id"] == article_id), -1)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return row["title"]
        if role == ARTICLE_ID:
            return row["id"]
        if role == ROW:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return row["title"]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken(row)
        return None

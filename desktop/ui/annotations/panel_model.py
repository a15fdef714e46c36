"""The annotations panel's model: the article's highlights in document order, filtered, one row updated at a time."""

from __future__ import annotations

from bisect import bisect_left

from PySide6.QtCore import QModelIndex, QStringListModel, Qt

from ...core.annotations import ALL, haystack, keep, order, spoken

RECORD = Qt.ItemDataRole.UserRole


class AnnotationsModel(QStringListModel):
    """The shown rows (``rows``, records in ``order``) for the list view.

    The rows live in Python; the base class is only the C++ row count (a list of empty strings),
    so that the view's layout pass over every row after an insert never calls into Python: with
    a Python ``rowCount`` that pass alone was two Python calls per row, 20 ms per edit at 10,000.
    Each highlight's sort key and filter text are computed once (when the records are set, or
    when it changes), so refiltering is one pass of comparisons.
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.all: list[dict] = []
        self._all_keys: list[tuple] = []  # order() of each record in ``all``, for bisecting
        self.rows: list[dict] = []
        self._row_keys: list[tuple] = []  # order() of each shown row, for bisecting
        self._keys: dict[int, tuple] = {}  # id -> order() of every highlight held
        self._hay: dict[int, str] = {}  # id -> haystack() of every highlight held
        self.colour, self.tag, self.text = ALL, ALL, ""
        self.palette: dict[str, str] = {}

    def set_records(self, records: list[dict], keys: list[tuple] | None = None,
                    hays: dict[int, str] | None = None, refilter: bool = True) -> None:
        """All the article's highlights, in ``order`` (``keys``: their ``order``, if known; ``hays``:
        their ``haystack`` by id, if known)."""
        self.all = records
        self._all_keys = keys if keys is not None else [order(r) for r in records]
        self._keys = {r["id"]: k for r, k in zip(records, self._all_keys)}
        self._hay = hays if hays is not None else {r["id"]: haystack(r) for r in records}
        if refilter:
            self.refilter()

    def refilter(self) -> None:
        words = self.text.casefold().split()
        if self.colour or self.tag or words:
            colour, tag, hay = self.colour, self.tag, self._hay
            kept = [(k, r) for k, r in zip(self._all_keys, self.all)
                    if keep(r, colour, tag, words, hay[r["id"]])]
            self.rows = [r for _k, r in kept]
            self._row_keys = [k for k, _r in kept]
        else:
            self.rows = list(self.all)
            self._row_keys = list(self._all_keys)
        self.setStringList([""] * len(self.rows))  # a model reset

    def put(self, record: dict | None, hid: int) -> tuple[dict | None, dict | None]:
        """Add, replace (``record``) or remove (``None``) one highlight's row; (old, new) records."""
        old = None
        key = self._keys.pop(hid, None)
        self._hay.pop(hid, None)
        if key is not None:
            i = bisect_left(self._all_keys, key)
            if i < len(self.all) and self.all[i]["id"] == hid:
                old = self.all.pop(i)
                del self._all_keys[i]
            j = bisect_left(self._row_keys, key)
            if j < len(self.rows) and self.rows[j]["id"] == hid:
                del self.rows[j]
                del self._row_keys[j]
                self.removeRows(j, 1)
        if record is not None:
            key = order(record)
            self._keys[hid] = key
            hay = self._hay[hid] = haystack(record)
            i = bisect_left(self._all_keys, key)
            self.all.insert(i, record)
            self._all_keys.insert(i, key)
            if keep(record, self.colour, self.tag, self.text.casefold().split(), hay):
                j = bisect_left(self._row_keys, key)
                self.rows.insert(j, record)
                self._row_keys.insert(j, key)
                self.insertRows(j, 1)
        return old, record

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == RECORD:
            return r
        if role == Qt.ItemDataRole.DisplayRole:
            return r["quote"]
        if role in (Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole):
            return spoken(r)
        return None

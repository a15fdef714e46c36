"""The entity sidebar's list: a two-level model (groups, entities) and the delegate that draws it.

The model holds plain Python lists and creates no items, so showing ten thousand entities costs
one sort, not ten thousand widgets; the delegate draws each row on demand: the name, its other
names muted, how many other articles name it, and its mention count right-aligned.
"""

from __future__ import annotations

import json
from typing import Callable

from PySide6.QtCore import QAbstractItemModel, QMimeData, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...core.entities import SORTS, Entity, grouped, sort_key
from ..shell.theme import LIGHT, Theme, ui_font

HIDDEN_GROUP = "Hidden"
MIME = "application/x-gloss-entities"
EntityRole = Qt.ItemDataRole.UserRole + 1
CountRole = Qt.ItemDataRole.UserRole + 2
OthersRole = Qt.ItemDataRole.UserRole + 3
HiddenRole = Qt.ItemDataRole.UserRole + 4  # the id of the "hide" correction, for a hidden entity

# flags and alignments combined once: Qt asks for flags, and the delegate aligns text, on every row
# of every paint, and combining enum members in Python costs more than the lookup
_GROUP_FLAGS = Qt.ItemFlag.ItemIsEnabled
_HIDDEN_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENTITY_FLAGS = _HIDDEN_FLAGS | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTRE = Qt.AlignmentFlag.AlignCenter


class EntityModel(QAbstractItemModel):
    """Groups (People, Organisations, ...) holding the article's entities, filtered and sorted."""

    merge_requested = Signal(object, object)  # [(name, type), ...] dropped onto (name, type)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.entities: list[Entity] = []
        self.hidden: list[tuple[Entity, int]] = []
        self.others: dict[tuple[str, str], int] = {}
        self.show_hidden = False
        self.filter_text = ""
        self.sort = "count"
        self.groups: list[tuple[str, list[Entity]]] = []
        self._hidden_ids: dict[tuple[str, str], int] = {}
        self.tooltip: Callable[[Entity, int], str] | None = None  # hover text of an entity row

    # -- content ---------------------------------------------------------------------------------
    def set_entities(self, entities: list[Entity], hidden: list[tuple[Entity, int]] | None = None,
                     others: dict[tuple[str, str], int] | None = None) -> None:
        self.entities = list(entities)
        self.hidden = list(hidden or [])
        self.others = dict(others or {})
        self.rebuild()

    def set_filter(self, text: str) -> None:
        self.filter_text = text.strip().casefold()
        self.rebuild()

    def set_sort(self, how: str) -> None:
        self.sort = how if how in SORTS else "count"
        self.rebuild()

    def set_show_hidden(self, on: bool) -> None:
        self.show_hidden = on
        self.rebuild()

    def _matches(self, e: Entity) -> bool:
        f = self.filter_text
        return not f or f in e.name.casefold() or any(f in a.casefold() for a in e.aliases)

    def rebuild(self) -> None:
        self.beginResetModel()
        # grouped and sorted as the export and `gloss entities` do it (core.entities.groups)
        self.groups = grouped([e for e in self.entities if self._matches(e)], self.sort)
        key = sort_key(self.sort)
        self._hidden_ids = {(e.name, e.type): cid for e, cid in self.hidden}
        if self.show_hidden:
            members = sorted((e for e, _cid in self.hidden if self._matches(e)), key=key)
            if members:
                self.groups.append((HIDDEN_GROUP, members))
        self.endResetModel()

    # -- lookups ---------------------------------------------------------------------------------
    def entity(self, index: QModelIndex) -> Entity | None:
        if not index.isValid() or index.internalId() == 0:
            return None
        g = index.internalId() - 1
        return self.groups[g][1][index.row()] if g < len(self.groups) and index.row() < len(self.groups[g][1]) else None

    def is_hidden(self, index: QModelIndex) -> bool:
        return index.isValid() and index.internalId() > 0 and self.groups[index.internalId() - 1][0] == HIDDEN_GROUP

    def index_of(self, name: str, etype: str | None = None, hidden: bool = False) -> QModelIndex:
        """The index of the shown entity with that name (and type), or an invalid index;
        ``hidden``: of the entity in the Hidden group instead."""
        for g, (group, members) in enumerate(self.groups):
            if (group == HIDDEN_GROUP) != hidden:
                continue
            for row, e in enumerate(members):
                if e.name == name and etype in (None, e.type):
                    return self.createIndex(row, 0, g + 1)
        return QModelIndex()

    def entity_indexes(self) -> list[QModelIndex]:
        """Every entity row in display order."""
        return [self.createIndex(row, 0, g + 1) for g, (_n, members) in enumerate(self.groups)
                for row in range(len(members))]

    def group_names(self) -> list[str]:
        return [g for g, _m in self.groups]

    def names_in(self, group: str) -> list[str]:
        return next(([e.name for e in members] for g, members in self.groups if g == group), [])

    # -- QAbstractItemModel ----------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self.groups) else QModelIndex()
        if parent.internalId() != 0:
            return QModelIndex()
        g = parent.row()
        return self.createIndex(row, 0, g + 1) if row < len(self.groups[g][1]) else QModelIndex()

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, 0)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self.groups)
        if parent.internalId() == 0 and parent.row() < len(self.groups):
            return len(self.groups[parent.row()][1])
        return 0

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 1

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:  # noqa: N802
        return self.rowCount(parent) > 0

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if index.internalId() == 0:
            group, members = self.groups[index.row()]
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
                return group
            if role == CountRole:
                return len(members)
            return None
        e = self.entity(index)
        if e is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return e.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{e.name}, {len(e.mentions)} mentions"
        if role == EntityRole:
            return e
        if role == CountRole:
            return len(e.mentions)
        if role == OthersRole:
            return self.others.get((e.name, e.type), 0)
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltip is not None:
            return self.tooltip(e, self.others.get((e.name, e.type), 0))
        if role == HiddenRole:
            return self._hidden_ids.get((e.name, e.type)) if self.is_hidden(index) else None
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        if index.internalId() == 0:
            return _GROUP_FLAGS
        return _HIDDEN_FLAGS if self.is_hidden(index) else _ENTITY_FLAGS

    # -- drag one entity onto another: merge -----------------------------------------------------
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [MIME]

    def mimeData(self, indexes) -> QMimeData:  # noqa: N802
        data = QMimeData()
        picked = [self.entity(i) for i in indexes]
        data.setData(MIME, json.dumps([[e.name, e.type] for e in picked if e is not None]).encode())
        return data

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        target = self.entity(parent)
        if target is None or not data.hasFormat(MIME) or self.is_hidden(parent):
            return False
        sources = [tuple(s) for s in json.loads(bytes(data.data(MIME)).decode() or "[]")]
        return any(s != (target.name, target.type) for s in sources)

    def dropMimeData(self, data, action, row, column, parent) -> bool:  # noqa: N802
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        target = self.entity(parent)
        sources = [tuple(s) for s in json.loads(bytes(data.data(MIME)).decode())
                   if tuple(s) != (target.name, target.type)]
        self.merge_requested.emit(sources, (target.name, target.type))
        return False  # nothing moves: the merge is a correction, and the list is rebuilt from it


class EntityDelegate(QStyledItemDelegate):
    """Draws group headers (small capitals, count) and entity rows (name, aliases, counts).

    A paint draws every visible row, so what a row needs that does not change between paints (font
    metrics, colours, the elided name and other names at a width) is worked out once and kept."""

    ROW = 26
    HEADER = 30
    TEXTS_KEPT = 4000  # rows' fitted texts kept; past this the cache starts again

    def __init__(self, theme: Callable[[], Theme] = lambda: LIGHT, parent=None) -> None:
        super().__init__(parent)
        self.theme = theme
        self.name_font = ui_font(10)
        self.alias_font = ui_font(9)
        self.count_font = ui_font(9)
        self.header_font = ui_font(8, bold=True)
        self.header_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 108)
        self.header_font.setCapitalization(QFont.Capitalization.AllUppercase)
        self._fm_name = QFontMetrics(self.name_font)
        self._fm_alias = QFontMetrics(self.alias_font)
        self._fm_count = QFontMetrics(self.count_font)
        self._count_w = self._fm_count.horizontalAdvance("0000")
        self._colours: tuple[Theme, dict[str, QColor]] | None = None
        self._texts: dict[tuple, tuple[str, int, str | None]] = {}

    def sizeHint(self, option, index) -> QSize:  # noqa: N802
        return QSize(option.rect.width(), self.HEADER if index.internalId() == 0 else self.ROW)

    def badge_rect(self, rect: QRect, index: QModelIndex) -> QRect | None:
        """Where the "in N other articles" badge of an entity row is drawn (None if it has none)."""
        others = index.data(OthersRole) or 0
        if index.internalId() == 0 or not others:
            return None
        return self._badge(rect, others)

    def _badge(self, rect: QRect, others: int) -> QRect:
        fm = self._fm_count
        w = fm.horizontalAdvance(f"+{others}") + 10
        right = rect.right() - 10 - self._count_w - 8
        return QRect(right - w, rect.center().y() - fm.height() // 2 - 1, w, fm.height() + 2)

    def _palette(self, t: Theme) -> dict[str, QColor]:
        if self._colours is None or self._colours[0] is not t:
            self._colours = (t, {name: QColor(getattr(t, name)) for name in ("muted", "rule", "accent", "chrome_text")})
        return self._colours[1]

    def _fitted(self, e: Entity, width: int) -> tuple[str, int, str | None]:
        """The name elided to ``width``, its width, and the other names fitted after it (or None)."""
        key = (e.name, tuple(e.aliases), width)
        fitted = self._texts.get(key)
        if fitted is None:
            fm_name, fm_alias = self._fm_name, self._fm_alias
            name = fm_name.elidedText(e.name, Qt.TextElideMode.ElideRight, max(10, width))
            used = fm_name.horizontalAdvance(name)
            room = width - used - 7
            aliases = None
            if e.aliases and fm_alias.horizontalAdvance(e.aliases[0]) <= room:
                # other names only when at least the first fits whole: "JS…" says nothing
                aliases = fm_alias.elidedText(", ".join(e.aliases), Qt.TextElideMode.ElideRight, room)
            if len(self._texts) >= self.TEXTS_KEPT:
                self._texts.clear()
            fitted = self._texts[key] = (name, used, aliases)
        return fitted

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        t = self.theme()
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = option.rect
        if index.internalId() == 0:
            self._paint_header(painter, rect, index, t)
        else:
            self._paint_entity(painter, option, rect, index, t)
        painter.restore()

    def _paint_header(self, p: QPainter, rect: QRect, index: QModelIndex, t: Theme) -> None:
        colours = self._palette(t)
        p.setFont(self.header_font)
        p.setPen(colours["muted"])
        text_rect = rect.adjusted(10, 8, -10, 0)
        p.drawText(text_rect, _LEFT, index.data())
        p.setFont(self.count_font)
        p.drawText(text_rect, _RIGHT, str(index.data(CountRole)))
        p.setPen(colours["rule"])
        p.drawLine(rect.left() + 10, rect.bottom(), rect.right() - 10, rect.bottom())

    def _paint_entity(self, p: QPainter, option, rect: QRect, index: QModelIndex, t: Theme) -> None:
        model: EntityModel = index.model()  # the rows' data straight from its lists (no role round trips)
        e = model.entity(index)
        if e is None:
            return
        others = model.others.get((e.name, e.type), 0)
        hidden_row = model.is_hidden(index)
        colours = self._palette(t)
        state = option.state
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if selected or state & QStyle.StateFlag.State_MouseOver:
            bg = QColor(colours["rule"])
            if not selected:
                bg.setAlpha(110)
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(bg)
            p.drawRoundedRect(rect.adjusted(4, 1, -4, -1), 4, 4)
        count_w = self._count_w
        right = rect.right() - 10
        # the count, right-aligned in a fixed column
        p.setFont(self.count_font)
        p.setPen(colours["muted"])
        p.drawText(QRect(right - count_w, rect.top(), count_w, rect.height()), _RIGHT, str(len(e.mentions)))
        limit = right - count_w - 8
        if others:
            badge = self._badge(rect, others)
            fill = QColor(colours["accent"])
            fill.setAlpha(28)
            p.setPen(colours["accent"])
            p.setBrush(fill)
            p.drawRoundedRect(badge, badge.height() / 2, badge.height() / 2)
            p.drawText(badge, _CENTRE, f"+{others}")
            limit = badge.left() - 6
        # the name, then the other names it goes by, muted
        left = rect.left() + 16
        name, used, aliases = self._fitted(e, limit - left)
        p.setFont(self.name_font)
        p.setPen(colours["muted" if hidden_row else "chrome_text"])
        p.drawText(QRect(left, rect.top(), limit - left, rect.height()), _LEFT, name)
        if aliases is not None:
            alias_left = left + used + 7
            p.setFont(self.alias_font)
            p.setPen(colours["muted"])
            p.drawText(QRect(alias_left, rect.top() + 1, limit - alias_left, rect.height()), _LEFT, aliases)

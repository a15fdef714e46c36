"""Entity corrections (rename, retype, merge, split, hide, add) and "highlight all" as undo commands; the menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QInputDialog, QLabel, QLineEdit, QMenu

from ...core.entities import Entity
from ...store import entities as store
from . import undo as entity_undo

TYPES = [("PERSON", "Person"), ("ORG", "Organisation"), ("GPE", "Country, city or state"),
         ("LOC", "Place"), ("FAC", "Building or facility"), ("DATE", "Date"), ("EVENT", "Event"),
         ("NORP", "Nationality or group"), ("LAW", "Law or document"), ("PRODUCT", "Product"),
         ("WORK_OF_ART", "Work of art"), ("LANGUAGE", "Language")]


def shorten(text: str, limit: int = 28) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class NavigatorPart(QObject):
    """A part of one window's entity navigator (``nav``), with the window's pieces it works on."""

    def __init__(self, nav) -> None:
        super().__init__(nav)
        self.nav, self.window, self.library = nav, nav.window, nav.library
        self.reader, self.sidebar = nav.reader, nav.sidebar


class EntityActions(NavigatorPart):
    """The corrections of one navigator, each pushed on the window's undo stack."""

    def _correct(self, text: str, make) -> None:
        self.window.undo_stack.push(entity_undo.CorrectionCommand(self.nav, text, make))

    def _correct_to(self, name: str, etype: str | None, text: str, make) -> None:
        """A correction whose result (``name``, ``etype``) stays chosen once the list is rebuilt."""
        self.nav.focus_on_load({name}, etype)
        self._correct(text, make)

    # -- corrections -----------------------------------------------------------------------------
    def rename(self, entity: Entity, to: str | None = None) -> None:
        if to is None:
            to = self._ask_text("Rename", f"A new name for “{shorten(entity.name, 40)}”, in every article:",
                                entity.name)
        to = " ".join((to or "").split())
        if not to or to == entity.name:
            return
        self._correct_to(to, entity.type, f"Rename “{shorten(entity.name)}” to “{shorten(to)}”",
                         lambda: store.rename_entity(self.library, entity.name, to, entity.type))

    def retype(self, entity: Entity, to: str) -> None:
        if to == entity.type:
            return
        self._correct_to(entity.name, to, f"Make “{shorten(entity.name)}” a {dict(TYPES).get(to, to).lower()}",
                         lambda: store.retype_entity(self.library, entity.name, to, entity.type))

    def merge(self, entities: list[Entity], into: Entity) -> None:
        names = [e.name for e in entities if e.name != into.name]
        if not names:
            return
        quoted = ", ".join(f"“{shorten(n, 20)}”" for n in names)
        self._correct_to(into.name, into.type, f"Merge {quoted} into “{shorten(into.name)}”",
                         lambda: store.merge_entities(self.library, [*names, into.name], into.name))

    def split(self, entity: Entity, alias: str) -> None:
        self._correct(f"Split “{shorten(alias)}” off “{shorten(entity.name)}”",
                      lambda: store.split_alias(self.library, entity.name, alias))

    def hide(self, entity: Entity) -> None:
        marks = self.nav.marks
        if marks.current is not None and (marks.current.name, marks.current.type) == (entity.name, entity.type):
            marks.clear_marks()
        self._correct(f"Hide “{shorten(entity.name)}”",
                      lambda: store.hide_entity(self.library, entity.name, entity.type))

    def show_again(self, correction_id: int, name: str) -> None:
        self.window.undo_stack.push(entity_undo.WithdrawCorrection(self.nav, f"Show “{shorten(name)}” again",
                                                                   correction_id))

    def add_selection(self, name: str | None = None, etype: str | None = None) -> bool:
        """Add the reader's selection as an entity (asking its name and type unless given)."""
        nav = self.nav
        span = self.reader.selected_span()
        if span is None or nav.article_id is None:
            self.window.report("Select a name in the text first, then add it as an entity.")
            return False
        quote = nav.text[span[0]:span[1]]
        if not quote.strip():
            self.window.report("The selection is only white space; select a name.")
            return False
        stripped = quote.strip()
        start = span[0] + quote.index(stripped)
        span = (start, start + len(stripped))
        if name is None or etype is None:
            asked = self._ask_entity(stripped)
            if asked is None:
                return False
            name, etype = asked
        name = " ".join(name.split())
        if not name:
            return False
        mentions = [(span[0], span[1], stripped)]
        self._correct_to(name, etype, f"Add “{shorten(name)}” as an entity",
                         lambda: store.add_entity(self.library, name, etype, nav.article_id, mentions))
        return True

    def highlight_all(self, entity: Entity, color: str) -> None:
        if self.nav.article_id is None:
            return
        spans = [(m.start, m.end) for m in entity.mentions]
        self.window.undo_stack.push(entity_undo.HighlightMentions(self.nav, self.nav.article_id, spans, color,
                                                                  entity.name))

    # -- prompts ---------------------------------------------------------------------------------
    def _ask_text(self, title: str, label: str, text: str) -> str | None:
        dialog = QInputDialog(self.window)
        dialog.setObjectName("entityNameDialog")
        dialog.setWindowTitle(title)
        dialog.setLabelText(label)
        dialog.setTextValue(text)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        value = dialog.textValue()
        dialog.deleteLater()
        return value if ok else None

    def _ask_entity(self, name: str) -> tuple[str, str] | None:
        dialog = QDialog(self.window)
        dialog.setObjectName("addEntityDialog")
        dialog.setWindowTitle("Add as Entity")
        form = QFormLayout(dialog)
        edit = QLineEdit(name, dialog)
        edit.setObjectName("entityName")
        kind = QComboBox(dialog)
        kind.setObjectName("entityType")
        for key, label in TYPES:
            kind.addItem(label, key)
        guess = self._guess_type(name)
        kind.setCurrentIndex(max(0, kind.findData(guess)))
        form.addRow("Name", edit)
        form.addRow("Type", kind)
        form.addRow("", _hint(dialog, "Found wherever the name appears, in every article."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
        buttons.accepted.connect(dialog.accept)
        buttons.rejected.connect(dialog.reject)
        form.addRow(buttons)
        ok = dialog.exec() == QDialog.DialogCode.Accepted
        result = (edit.text(), kind.currentData()) if ok else None
        dialog.deleteLater()
        return result

    def _guess_type(self, name: str) -> str:
        words = name.split()
        return "PERSON" if len(words) in (2, 3) and all(w[:1].isupper() for w in words) else "ORG"

    # -- the Entities menu -----------------------------------------------------------------------
    def install_menu(self) -> None:
        """The Entities menu (before Help): stepping through mentions, adding a selection, the filter."""
        window, marks = self.window, self.nav.marks
        menu = QMenu("E&ntities", window)
        menu.setObjectName("entities_menu")
        help_action = window.help_menu.menuAction() if hasattr(window, "help_menu") else None
        if help_action is not None:
            window.menuBar().insertMenu(help_action, menu)
        else:
            window.menuBar().addMenu(menu)

        def action(text: str, slot, shortcut=None, name: str = "") -> QAction:
            act = QAction(text, window)
            act.setObjectName(name)
            if shortcut:
                act.setShortcut(QKeySequence(shortcut))
                act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        action("&Next Mention", lambda: marks.step(+1), "F3", "entity_next")
        action("&Previous Mention", lambda: marks.step(-1), "Shift+F3", "entity_previous")
        action("&Clear Marks", marks.clear_marks, None, "entity_clear")
        menu.addSeparator()
        action("&Add Selection as Entity…", lambda: self.add_selection(), "Ctrl+Shift+E", "entity_add_selection")
        menu.addSeparator()
        menu.addAction(self.sidebar.show_hidden_action)
        focus = action("&Filter Names", lambda: (window.entity_dock.show(), self.sidebar.filter.setFocus(),
                                                self.sidebar.filter.selectAll()), None, "entity_filter")
        focus.setToolTip("Type to narrow the Entities list")


def _hint(parent, text: str) -> QLabel:
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label

"""The entity sidebar as a reader uses it: grouped names, marks and F3, edits remembered everywhere."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QPainter, QTextCursor
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem

from desktop.core.article import ArticleBuilder
from desktop.store.articles import add_article
from desktop.store.entities import list_corrections
from desktop.store.highlights import list_highlights
from desktop.ui.entities.model import OthersRole
from desktop.ui.shell.theme import theme_named


def filled(qtbot, window):
    nav = window.entities
    qtbot.waitUntil(lambda: nav.final and window.settled(), timeout=60_000)
    return window.sidebar


def row_point(sidebar, name, hidden=False) -> QPoint:
    index = sidebar.model.index_of(name, hidden=hidden)
    assert index.isValid(), name
    sidebar.view.scrollTo(index)
    return sidebar.view.visualRect(index).center()


def click(qtbot, sidebar, name) -> None:
    qtbot.mouseClick(sidebar.view.viewport(), Qt.MouseButton.LeftButton, pos=row_point(sidebar, name))


def marked(window, layer="entity") -> list[tuple[int, int]]:
    """The code-point spans the reader shows in one of the entity mark layers."""
    reader = window.reader
    return [reader.offsets().span_from_qt(s.cursor.selectionStart(), s.cursor.selectionEnd(), reader.base)
            for s in reader._marks.get(layer, [])]


def in_view(window, cp: int) -> bool:
    reader = window.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(cp))
    return reader.viewport().rect().contains(reader.cursorRect(cursor).center())


def menu_action(window, name: str, object_name: str):
    nav = window.entities
    menu = nav.context_menu(row_point(window.sidebar, name))
    found = [a for m in [menu, *menu.findChildren(type(menu))] for a in m.actions() if a.objectName() == object_name]
    assert found, f"no {object_name} in the menu of {name}"
    return found[0]


def answer_dialog(text: str) -> None:
    """Type ``text`` into the next modal dialog and accept it."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, fill)
            return
        dialog.setTextValue(text)
        dialog.accept()
    QTimer.singleShot(20, fill)


def article(title, *paragraphs):
    builder = ArticleBuilder()
    for p in paragraphs:
        builder.add("paragraph", p)
    return builder.build(title)


def test_the_sample_fills_the_sidebar_by_group(qtbot, window):
    sidebar = filled(qtbot, window)
    model = sidebar.model
    assert model.group_names()[:4] == ["People", "Organisations", "Places", "Dates and events"]
    assert "Koji Yamazaki" in model.names_in("People")
    assert "NATO" in model.names_in("Organisations")
    assert "Japan" in model.names_in("Places") and model.names_in("Places")[0] == "Japan"  # most mentioned first
    japan = model.entity(model.index_of("Japan"))
    assert len(japan.mentions) == 27
    assert sidebar.footer.text().startswith(("spaCy", "Rules only"))
    assert not sidebar.progress.isVisible()
    tip = model.data(model.index_of("Koji Yamazaki"), Qt.ItemDataRole.ToolTipRole)
    assert "<b>Koji Yamazaki</b>" in tip and "Gen." in tip and "chief of staff" in tip


def test_clicking_marks_every_mention_and_jumps_to_the_first(qtbot, window):
    sidebar = filled(qtbot, window)
    window.reader.verticalScrollBar().setValue(window.reader.verticalScrollBar().maximum())
    click(qtbot, sidebar, "NATO")
    nato = sidebar.current_entity()
    spans = [(m.start, m.end) for m in nato.mentions]
    assert marked(window) == spans and len(spans) == 19
    assert marked(window, "entity_current") == [spans[0]]
    assert in_view(window, spans[0][0])
    assert "mention 1 of 19" in window.statusBar().currentMessage()
    text = window.article.text
    assert all(text[s:e] == "NATO" for s, e in marked(window))
    assert list_highlights(window.library, window.article.id) == []  # a mark, not a highlight


def test_f3_and_arrow_keys_step_through_mentions(qtbot, window):
    sidebar = filled(qtbot, window)
    click(qtbot, sidebar, "Japan")
    mentions = [(m.start, m.end) for m in sidebar.current_entity().mentions]
    qtbot.keyClick(window.reader, Qt.Key.Key_F3)
    assert marked(window, "entity_current") == [mentions[1]] and in_view(window, mentions[1][0])
    qtbot.keyClick(window.reader, Qt.Key.Key_F3)
    qtbot.keyClick(window.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert marked(window, "entity_current") == [mentions[1]]
    qtbot.keyClick(window.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.reader, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert marked(window, "entity_current") == [mentions[-1]]  # wraps around
    sidebar.view.setFocus()
    qtbot.keyClick(sidebar.view, Qt.Key.Key_Right)
    assert marked(window, "entity_current") == [mentions[0]]
    qtbot.keyClick(sidebar.view, Qt.Key.Key_Down)  # the next entity in the list is chosen
    assert sidebar.current_entity().name == "Asia-Pacific"
    assert marked(window) == [(m.start, m.end) for m in sidebar.current_entity().mentions]


def test_rename_through_the_menu_is_remembered_for_other_articles_and_undoable(qtbot, window):
    sidebar = filled(qtbot, window)
    answer_dialog("Gen. Koji Yamazaki")
    menu_action(window, "Koji Yamazaki", "entity_rename").trigger()
    assert sidebar.model.names_in("People") == ["Gen. Koji Yamazaki"]
    renamed = sidebar.model.entity(sidebar.model.index_of("Gen. Koji Yamazaki"))
    assert "Koji Yamazaki" in renamed.aliases and len(renamed.mentions) == 2
    assert [c["op"] for c in list_corrections(window.library)] == ["rename"]
    first = window.article.id
    second, _ = add_article(window.library, article("Interview", "Koji Yamazaki spoke to reporters in Tokyo.",
                                                    "Yamazaki said the visit mattered."))
    window.open_article(second)
    filled(qtbot, window)
    assert sidebar.model.names_in("People") == ["Gen. Koji Yamazaki"]
    window.open_article(first)
    filled(qtbot, window)
    window.undo_stack.undo()
    assert sidebar.model.names_in("People") == ["Koji Yamazaki"] and list_corrections(window.library) == []
    window.undo_stack.redo()
    assert sidebar.model.names_in("People") == ["Gen. Koji Yamazaki"]


def test_retype_merge_by_dropping_hide_and_show_again(qtbot, window):
    sidebar = filled(qtbot, window)
    model = sidebar.model
    menu_action(window, "Far East", "entity_type_GPE").trigger()
    assert model.entity(model.index_of("Far East")).type == "GPE"
    # drag "Asia" onto "Asia-Pacific"
    data = model.mimeData([model.index_of("Asia")])
    model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, model.index_of("Asia-Pacific"))
    merged = model.entity(model.index_of("Asia-Pacific"))
    assert not model.index_of("Asia").isValid() and "Asia" in merged.aliases and len(merged.mentions) == 11
    menu_action(window, "Ministry of Defense", "entity_hide").trigger()
    assert "Ministry of Defense" not in model.names_in("Organisations")
    sidebar.show_hidden_action.setChecked(True)
    assert model.names_in("Hidden") == ["Ministry of Defense"]
    hidden_menu = window.entities.context_menu(row_point(sidebar, "Ministry of Defense", hidden=True))
    hidden_menu.actions()[0].trigger()  # Show Again
    assert "Ministry of Defense" in model.names_in("Organisations") and "Hidden" not in model.group_names()
    for _ in range(4):
        window.undo_stack.undo()
    assert list_corrections(window.library) == []
    assert model.entity(model.index_of("Far East")).type == "LOC" and model.index_of("Asia").isValid()


def test_highlight_all_mentions_is_one_undoable_step(qtbot, window):
    sidebar = filled(qtbot, window)
    before = window.undo_stack.count()
    menu_action(window, "NATO", "entity_highlight_blue").trigger()
    records = list_highlights(window.library, window.article.id)
    assert len(records) == 19 and {r["quote"] for r in records} == {"NATO"} and {r["color"] for r in records} == {"blue"}
    assert window.undo_stack.count() == before + 1
    assert len(window.highlighter.annotations.records) == 19
    window.undo_stack.undo()
    assert list_highlights(window.library, window.article.id) == [] and window.highlighter.annotations.records == {}
    assert sidebar.model.index_of("NATO").isValid()


def test_filter_box_and_sorting(qtbot, window):
    sidebar = filled(qtbot, window)
    qtbot.keyClicks(sidebar.filter, "nato")
    assert sidebar.model.group_names() == ["Organisations"]
    assert all("NATO" in n for n in sidebar.model.names_in("Organisations"))
    sidebar.filter.clear()
    qtbot.keyClicks(sidebar.filter, "dprk")  # aliases count
    assert sidebar.model.names_in("Places") == ["North Korea"]
    sidebar.filter.clear()
    sidebar.sort_actions["name"].trigger()
    places = sidebar.model.names_in("Places")
    assert places == sorted(places, key=str.casefold) and sidebar.sort_button.text().startswith("Name")
    sidebar.sort_actions["first"].trigger()
    firsts = [sidebar.model.entity(sidebar.model.index_of(n)).first for n in sidebar.model.names_in("Places")]
    assert firsts == sorted(firsts)
    sidebar.sort_actions["count"].trigger()
    counts = [len(sidebar.model.entity(sidebar.model.index_of(n)).mentions) for n in sidebar.model.names_in("Places")]
    assert counts == sorted(counts, reverse=True)


def test_add_a_selection_as_an_entity(qtbot, window):
    sidebar = filled(qtbot, window)
    reader, text = window.reader, window.article.text
    start = text.index("Chiefs of Defense Session")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(start))
    cursor.setPosition(reader.to_qt(start + len("Chiefs of Defense Session")), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    assert window.entities.add_selection(etype="EVENT", name="Chiefs of Defense Session")
    added = sidebar.model.entity(sidebar.model.index_of("Chiefs of Defense Session"))
    assert added.type == "EVENT" and len(added.mentions) == text.count("Chiefs of Defense Session")
    assert "Chiefs of Defense Session" in sidebar.model.names_in("Dates and events")
    window.undo_stack.undo()
    assert not sidebar.model.index_of("Chiefs of Defense Session").isValid()


def test_other_articles_are_counted_and_opened_at_the_first_mention(qtbot, window):
    sample = window.article.id
    other, _ = add_article(window.library, article("Tokyo notes", "A short piece about something else entirely.",
                                                   "Later, Japan and NATO were said to agree.", "Japan again."))
    window.open_article(other)
    filled(qtbot, window)
    window.open_article(sample)
    sidebar = filled(qtbot, window)
    model = sidebar.model
    assert model.data(model.index_of("Japan"), OthersRole) == 1
    assert model.data(model.index_of("Koji Yamazaki"), OthersRole) == 0
    action = menu_action(window, "Japan", f"entity_other_{other}")
    action.trigger()
    assert window.article.id == other
    filled(qtbot, window)
    assert sidebar.current_entity().name == "Japan"
    first = window.article.text.index("Japan")
    assert marked(window, "entity_current") == [(first, first + 5)] and in_view(window, first)


def test_the_reader_menu_offers_a_selection_as_an_entity(qtbot, window):
    filled(qtbot, window)
    reader, text = window.reader, window.article.text
    start = text.index("Joint Staff")
    cursor = QTextCursor(reader.document())
    cursor.setPosition(reader.to_qt(start))
    cursor.setPosition(reader.to_qt(start + 11), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    actions = window.entities.reader_menu_actions(QPoint(10, 10))
    assert [a.objectName() for a in actions] == ["entity_add_selection_menu"]
    assert "Joint Staff" in actions[0].text()


def _row_colours(sidebar, name) -> set[str]:
    """The colours drawn in an entity's row (its name, count and badge), as #rrggbb."""
    view = sidebar.view
    index = sidebar.model.index_of(name)
    view.scrollTo(index)
    image = view.viewport().grab(view.visualRect(index)).toImage()
    return {image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())}


def test_entity_rows_are_drawn_in_the_theme_switched_to(qtbot, window):
    sidebar = filled(qtbot, window)
    for name in ("dark", "light", "dark"):  # back and forth: nothing kept from the theme before
        window.set_theme(name)
        colours = _row_colours(sidebar, "NATO")
        assert window.theme.chrome_text in colours and window.theme.muted in colours
        other = theme_named("light" if name == "dark" else "dark")
        assert other.chrome_text not in colours


def test_a_narrow_row_elides_its_name_and_a_wide_one_shows_it_whole(qtbot, window):
    sidebar = filled(qtbot, window)
    view, delegate = sidebar.view, sidebar.delegate
    index = sidebar.model.index_of("Koji Yamazaki")
    ink = QColor(window.theme.chrome_text)

    def inked_columns(width: int) -> int:
        """Paint the row at ``width`` pixels; how many pixel columns carry the name's colour."""
        image = QImage(width, delegate.ROW, QImage.Format.Format_ARGB32)
        image.fill(QColor(window.theme.chrome))
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = QRect(0, 0, width, delegate.ROW)
        painter = QPainter(image)
        delegate.paint(painter, option, index)
        painter.end()
        return sum(any(image.pixelColor(x, y) == ink for y in range(image.height())) for x in range(width))

    # the same row at three widths, twice over: what is drawn follows the width, not the width before
    narrow, wide, widest = inked_columns(110), inked_columns(260), inked_columns(400)
    assert 0 < narrow < wide == widest
    assert inked_columns(110) == narrow and inked_columns(260) == wide
    assert delegate._fitted(sidebar.model.entity(index), 60)[0].endswith("…")


def test_an_entity_in_no_other_article_has_no_submenu_to_open(qtbot, window):
    """With the sample alone in the library: no "Also in 0 Other Articles ▸", a plain disabled line."""
    filled(qtbot, window)
    menu = window.entities.context_menu(row_point(window.sidebar, "NATO"))
    texts = [(a.text(), a.isEnabled(), a.menu() is not None) for a in menu.actions()]
    assert not any(text.startswith("Also in") for text, _e, _m in texts)
    assert ("Not named in other articles", False, False) in texts

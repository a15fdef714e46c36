"""One grouping and one way of counting entities, for the sidebar, `gloss entities` and the export."""

from __future__ import annotations

from desktop.core.entities import GROUPS, Entity, Mention, group_of, grouped, mention_count, sort_key, type_words
from desktop.core.export.markdown import build_context
from desktop.core.article import ArticleBuilder


def entity(name, etype, *starts):
    return Entity(name, etype, [], [Mention(s, s + len(name), name) for s in starts])


ENTITIES = [entity("Japan", "GPE", 5, 40, 90), entity("Asia-Pacific", "LOC", 12, 60), entity("NATO", "ORG", 0, 30),
            entity("Koji Yamazaki", "PERSON", 70), entity("Japanese", "NORP", 20), entity("May 19", "DATE", 80),
            entity("Yokosuka", "FAC", 100), entity("Thing", "MONEY", 3)]


def test_groups_in_the_order_a_reader_sees_them():
    assert list(GROUPS) == ["People", "Organisations", "Places", "Dates and events", "Other"]
    assert [group_of(t) for t in ("PERSON", "ORG", "GPE", "LOC", "FAC", "DATE", "EVENT", "NORP", "LAW")] == [
        "People", "Organisations", "Places", "Places", "Places", "Dates and events", "Dates and events", "Other",
        "Other"]
    assert group_of("SOMETHING_NEW") == "Other"


def test_grouped_counts_entities_per_group_and_mentions_per_entity():
    groups = grouped(ENTITIES)
    assert [(g, len(members)) for g, members in groups] == [
        ("People", 1), ("Organisations", 1), ("Places", 3), ("Dates and events", 1), ("Other", 2)]
    places = dict(groups)["Places"]
    assert [(e.name, mention_count(e)) for e in places] == [("Japan", 3), ("Asia-Pacific", 2), ("Yokosuka", 1)]


def test_sorting_within_a_group():
    places = [e for e in ENTITIES if group_of(e.type) == "Places"]
    assert [e.name for e in sorted(places, key=sort_key("name"))] == ["Asia-Pacific", "Japan", "Yokosuka"]
    assert [e.name for e in sorted(places, key=sort_key("first"))] == ["Japan", "Asia-Pacific", "Yokosuka"]
    assert [e.name for e in dict(grouped(ENTITIES, "first"))["Places"]] == ["Japan", "Asia-Pacific", "Yokosuka"]


def test_types_in_words():
    assert type_words("GPE") == "country, city or state" and type_words("NORP") == "nationality or group"
    assert type_words("WORK_OF_ART") == "work" and type_words("NEW_KIND") == "new kind"


def test_the_export_groups_and_counts_as_the_sidebar_does():
    b = ArticleBuilder()
    b.add("paragraph", "Text.")
    rows = [{"name": e.name, "type": e.type, "mentions": len(e.mentions), "first": e.first} for e in ENTITIES]
    exported = [(g.label, g.count, [(n.name, n.mentions) for n in g.names])
                for g in build_context(b.build("T"), [], entities=rows)["entities"]]
    sidebar = [(g, len(members), [(e.name, len(e.mentions)) for e in members]) for g, members in grouped(ENTITIES)]
    assert exported == sidebar

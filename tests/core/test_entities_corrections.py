"""User corrections (rename, retype, merge, hide, add, split) applied to extracted entities."""
from __future__ import annotations

import pytest

from desktop.core.entities import Entity, Mention, apply_corrections, extract

TEXT = ("Gen. Koji Yamazaki met the JSDF chiefs in Brussels. The Bridgetown Initiative was "
        "discussed. Yamazaki said the Commission and the European Commission agree.")


@pytest.fixture
def entities() -> list[Entity]:
    return extract(TEXT, mode="rules").entities


def names(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def test_rename_keeps_old_name_as_alias_and_leaves_input_alone(entities):
    before = [Entity(e.name, e.type, list(e.aliases), list(e.mentions)) for e in entities]
    out = names(apply_corrections(entities, [{"op": "rename", "name": "Koji Yamazaki",
                                              "to": "YAMAZAKI Koji"}]))
    assert "Koji Yamazaki" not in out
    assert out["YAMAZAKI Koji"].aliases[0] == "Koji Yamazaki"
    assert len(out["YAMAZAKI Koji"].mentions) == 2
    assert entities == before


def test_retype_with_type_selector(entities):
    out = names(apply_corrections(entities, [{"op": "retype", "name": "Brussels", "to": "ORG"}]))
    assert out["Brussels"].type == "ORG"
    same = names(apply_corrections(entities, [{"op": "retype", "name": "Brussels",
                                               "type": "PERSON", "to": "ORG"}]))
    assert same["Brussels"].type == "GPE"


def test_merge_combines_mentions_and_aliases():
    ents = [Entity("Commission", "ORG", [], [Mention(0, 10, "Commission")]),
            Entity("European Commission", "ORG", ["EC"], [Mention(20, 39, "European Commission")])]
    out = apply_corrections(ents, [{"op": "merge", "names": ["Commission", "European Commission"],
                                    "into": "European Commission"}])
    assert len(out) == 1
    merged = out[0]
    assert merged.name == "European Commission"
    assert merged.aliases == ["EC", "Commission"]
    assert [m.start for m in merged.mentions] == [0, 20]


def test_merge_into_a_name_not_present_renames():
    ents = [Entity("JSDF", "ORG", [], [Mention(0, 4, "JSDF")])]
    out = apply_corrections(ents, [{"op": "merge", "names": ["JSDF"],
                                    "into": "Japan Self-Defense Forces"}])
    assert [(e.name, e.aliases) for e in out] == [("Japan Self-Defense Forces", ["JSDF"])]


def test_hide(entities):
    out = names(apply_corrections(entities, [{"op": "hide", "name": "Brussels"}]))
    assert "Brussels" not in out and "Koji Yamazaki" in out


def test_add_finds_mentions_in_the_text_only_where_named(entities):
    add = {"op": "add", "name": "Bridgetown Initiative", "type": "LAW"}
    out = names(apply_corrections(entities, [add], text=TEXT))
    entity = out["Bridgetown Initiative"]
    assert entity.type == "LAW"
    assert [TEXT[m.start:m.end] for m in entity.mentions] == ["Bridgetown Initiative"]
    other = apply_corrections([], [add], text="An article about something else.")
    assert other == []


def test_add_with_explicit_mentions_and_no_text():
    out = apply_corrections([], [{"op": "add", "name": "X Corp", "type": "ORG",
                                  "mentions": [{"start": 3, "end": 9, "text": "X Corp"}]}])
    assert out == [Entity("X Corp", "ORG", [], [Mention(3, 9, "X Corp")])]


def test_split_alias_into_its_own_entity():
    ents = [Entity("European Commission", "ORG", ["EC", "Commission"],
                   [Mention(0, 19, "European Commission"), Mention(30, 40, "Commission"),
                    Mention(50, 52, "EC")])]
    out = names(apply_corrections(ents, [{"op": "split", "name": "European Commission",
                                          "alias": "Commission", "to": "Commission"}]))
    assert out["European Commission"].aliases == ["EC"]
    assert [m.text for m in out["European Commission"].mentions] == ["European Commission", "EC"]
    assert out["Commission"].type == "ORG"
    assert [m.start for m in out["Commission"].mentions] == [30]


def test_corrections_apply_in_order_and_collisions_merge():
    ents = [Entity("Yamazaki", "PERSON", [], [Mention(40, 48, "Yamazaki")]),
            Entity("Koji Yamazaki", "PERSON", [], [Mention(5, 18, "Koji Yamazaki")])]
    out = apply_corrections(ents, [{"op": "rename", "name": "Yamazaki", "to": "Koji Yamazaki"}])
    assert len(out) == 1 and len(out[0].mentions) == 2 and out[0].aliases == ["Yamazaki"]
    assert out[0].mentions[0].start == 5


def test_correction_selecting_nothing_is_skipped(entities):
    assert apply_corrections(entities, [{"op": "hide", "name": "Atlantis"}]) == entities


def test_unknown_op_is_an_error(entities):
    with pytest.raises(ValueError):
        apply_corrections(entities, [{"op": "explode", "name": "Brussels"}])

"""Rules written from the development articles' misses for articles nobody tuned them for (issue
18): each test names what a reader would see in the entity sidebar, with stand-in sentences."""
from __future__ import annotations

import pytest

from desktop.core import entities as E

MODES = ["spacy", "rules"]


def entities(text: str, mode: str) -> dict[str, E.Entity]:
    return {e.name: e for e in E.extract(text, mode=mode).entities}


def names(text: str, mode: str) -> set[tuple[str, str]]:
    return {(e.name, e.type) for e in E.extract(text, mode=mode).entities}


def test_a_given_name_that_is_also_a_town_is_the_one_person_named_with_it():
    # "David" is a town in Panama too: where the model calls every lone "David" a person, he is
    # the text's one David named in full, not a second person.
    found = entities("The radio show interviewed David Okonjo on Monday. Okonjo is a former army "
                     "agent. David wrote a memoir of the war.\nDavid also said that the army had "
                     "lost the files.", "spacy")
    assert "David" not in found
    assert "David" in found["David Okonjo"].aliases


def test_a_persons_role_right_before_a_name_makes_it_a_person():
    found = entities("The show included portraits of fashion designer Halston, who lived in the "
                     "city for a decade.", "spacy")
    assert found["Halston"].type == "PERSON"


def test_a_role_before_a_name_keeps_the_whole_name_the_model_tagged_in_part():
    found = names("She launched the novel with illustrator Johnnie Christmas at the fair. The "
                  "show had portraits of singer-songwriter Carly Simon.", "spacy")
    assert ("Johnnie Christmas", "PERSON") in found and ("Carly Simon", "PERSON") in found
    assert not {n for n, _ in found} & {"Johnnie", "Simon"}

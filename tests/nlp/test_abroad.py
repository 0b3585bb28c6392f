"""frontline_abroad: namesakes abroad, place qualifiers, UK context; with hard negatives."""

from __future__ import annotations

import pytest

from frontline.errors import ConfigError
from nlp.components.abroad import split_terms
from nlp.datafiles import load_jsonl
from nlp.extensions import SPANS_ABROAD, SPANS_PLACES
from nlp.gazetteer import lookup


def place(doc, text: str):
    return next(s for s in doc.spans[SPANS_PLACES] if s.text == text)


def test_every_namesake_is_a_uk_gazetteer_name() -> None:
    rows = [r for r in load_jsonl("abroad.jsonl") if r["kind"] == "ambiguous_place"]
    assert rows
    assert all(lookup(name) is not None for r in rows for name in r["terms"])


def test_unknown_kind_names_the_row() -> None:
    with pytest.raises(ConfigError, match="x.jsonl: x: unknown kind 'bogus'"):
        split_terms([{"id": "x", "kind": "bogus", "terms": ["a"]}], "x.jsonl")


def test_terms_split_by_kind() -> None:
    cues, ambiguous = split_terms([
        {"id": "a", "kind": "uk_cue", "terms": ["PCSO"]},
        {"id": "b", "kind": "uk_cue", "terms": ["IOPC"]},
        {"id": "c", "kind": "ambiguous_place", "terms": ["Perth"]},
    ], "x.jsonl")
    assert cues == {"uk_cue": ["PCSO", "IOPC"]}
    assert ambiguous == {"Perth"}


@pytest.mark.parametrize(
    "text",
    [
        "A deputy was shot in Boston, Massachusetts, on Friday.",
        "Two officers were shot in Hamilton, Ontario, on Tuesday.",
        "A constable was hurt in Kingston, Jamaica.",
    ],
)
def test_namesake_qualified_by_a_foreign_place_is_abroad(analyse, text: str) -> None:
    doc = analyse(text)
    span = next(s for s in doc.spans[SPANS_PLACES] if s.text in ("Boston", "Hamilton",
                                                                  "Kingston"))
    assert span._.role == "foreign"
    assert span._.force is None


def test_county_qualifier_decides_the_force(analyse) -> None:
    doc = analyse("An officer was kicked in Richmond, North Yorkshire, on Saturday.")
    assert place(doc, "Richmond")._.force == "North Yorkshire Police"


def test_namesake_with_foreign_cues_and_no_uk_context_is_abroad(analyse) -> None:
    doc = analyse("An officer was stabbed in Perth on Saturday, Western Australia Police said.")
    assert place(doc, "Perth")._.role == "foreign"
    assert [c.label_ for c in doc.spans[SPANS_ABROAD]] == ["foreign_police"]


def test_namesake_alone_gets_no_force(analyse) -> None:
    doc = analyse("An officer was punched in Perth on Saturday night.")
    assert place(doc, "Perth")._.role == "scene"
    assert place(doc, "Perth")._.force is None


@pytest.mark.parametrize(
    "text",
    [
        "An officer was punched in Perth on Saturday. He appeared at Perth Sheriff Court.",
        "An officer was punched in Perth on Saturday, Police Scotland said.",
        "A PCSO was punched in Perth on Saturday, authorities said.",
    ],
)
def test_uk_context_keeps_the_uk_force(analyse, text: str) -> None:
    doc = analyse(text)
    assert place(doc, "Perth")._.force == "Police Scotland"


def test_unambiguous_uk_place_is_untouched_by_foreign_cues(analyse) -> None:
    doc = analyse("A PC was bitten in Swindon. Officials said the FBI had been told.")
    assert place(doc, "Swindon")._.force == "Wiltshire Police"
    assert place(doc, "Swindon")._.role == "scene"


@pytest.mark.parametrize(
    ("text", "relevant"),
    [
        ("A police officer was shot dead in Boston, Massachusetts, on Monday.", False),
        ("A police officer was stabbed in Perth on Saturday, Western Australia Police said.",
         False),
        ("A garda was seriously injured after being hit by a car in Dublin.", False),
        ("Gardaí injured in riot in Cork city centre\n\nSeveral gardaí were hurt when a crowd "
         "attacked officers and set vehicles alight in Cork city centre.", False),
        ("A sheriff's deputy was shot and wounded in Richmond on Friday, authorities said.",
         False),
        ("A police officer was stabbed in Perth on Saturday. A man appeared at Perth "
         "Sheriff Court on Monday.", True),
    ],
)
def test_relevance_abroad(extract, text: str, relevant: bool) -> None:
    assert extract(text).relevant is relevant


def test_uk_story_with_only_a_namesake_has_no_force(extract) -> None:
    result = extract("A police officer was punched in Kingston on Saturday night.")
    assert result.relevant
    assert [i.force for i in result.incidents] == [None]


@pytest.mark.parametrize(
    "text",
    ["A PC was kicked in Ontario Street, Perth, on Sunday.",
     "A PC was kicked in Queens Road, Hastings, on Sunday.",
     "A PC was punched outside Victoria Police Station in London."],
)
def test_streets_named_after_places_abroad_stay_british(extract, text: str) -> None:
    result = extract(text)
    assert result.relevant
    assert result.incidents[0].location is not None

"""frontline_severity: outcome words, with negation."""

from __future__ import annotations

import pytest

from nlp.extensions import SPANS_SEVERITY


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("The officer died in hospital.", "killed"),
        ("The PC was shot dead.", "killed"),
        ("She is in a critical condition.", "serious"),
        ("His injuries are life-threatening.", "serious"),
        ("He was seriously injured.", "serious"),
        ("He was taken to hospital.", "injured"),
        ("She suffered minor injuries.", "injured"),
        ("The officer was unhurt.", "uninjured"),
        ("His injuries were not thought to be life-threatening.", "injured"),
        ("Neither officer was hurt.", "uninjured"),
        ("She was critically injured.", "serious"),
    ],
)
def test_levels(analyse, text: str, level: str) -> None:
    doc = analyse(text)
    labels = [s.label_ for s in doc.spans[SPANS_SEVERITY]]
    assert labels
    order = ["killed", "serious", "injured", "uninjured"]
    assert min(labels, key=order.index) == level


def test_about_police(analyse) -> None:
    doc = analyse("A constable was stabbed. The suspect is in a critical condition.")
    spans = doc.spans[SPANS_SEVERITY]
    assert [s._.about_police for s in spans] == [False]


def test_serious_disorder_is_not_a_serious_injury(analyse) -> None:
    doc = analyse("Officers were hurt during serious disorder in Leicester.")
    assert [s.label_ for s in doc.spans[SPANS_SEVERITY]] == ["injured"]


def test_negated_outcome_words_are_dropped(analyse) -> None:
    doc = analyse("None of the officers needed hospital treatment.")
    assert not list(doc.spans[SPANS_SEVERITY])


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("His condition was described as serious but stable.", "serious"),
        ("She is in a serious but stable condition.", "serious"),
        ("He was taken to the Royal Infirmary.", "injured"),
        ("Both officers escaped without injury.", "uninjured"),
        ("The constable escaped injury.", "uninjured"),
        ("None of the officers were hurt.", "uninjured"),
        ("The two PCs were unharmed.", "uninjured"),
        ("They were shaken but without a scratch.", "uninjured"),
        ("She escaped without serious injury.", "injured"),
        ("He suffered a broken arm.", "injured"),
    ],
)
def test_more_phrasings(analyse, text: str, level: str) -> None:
    doc = analyse(text)
    labels = [s.label_ for s in doc.spans[SPANS_SEVERITY]]
    order = ["killed", "serious", "injured", "uninjured"]
    assert labels and min(labels, key=order.index) == level


@pytest.mark.parametrize(
    "text",
    [
        "The disorder was described as serious by the chief.",
        "The driver escaped a police cordon.",
        "The situation was serious but under control.",
    ],
)
def test_phrasings_that_are_not_outcomes(analyse, text: str) -> None:
    doc = analyse(text)
    labels = [s.label_ for s in doc.spans[SPANS_SEVERITY]]
    assert "serious" not in labels and "uninjured" not in labels


def test_escaped_serious_injury_is_a_lesser_injury(analyse) -> None:
    doc = analyse("Both officers were checked over in hospital and escaped serious injury.")
    labels = {s.label_ for s in doc.spans[SPANS_SEVERITY]}
    assert "serious" not in labels and "injured" in labels


@pytest.mark.parametrize(
    "text",
    ["The officer suffered a black eye.", "He was left with a bloody nose.",
     "She suffered a cut lip and a graze."],
)
def test_visible_injuries(analyse, text: str) -> None:
    doc = analyse(text)
    assert [s.label_ for s in doc.spans[SPANS_SEVERITY]][:1] == ["injured"]


def test_black_as_a_colour_is_no_injury(analyse) -> None:
    doc = analyse("The man drove off in a black car.")
    assert not list(doc.spans[SPANS_SEVERITY])


@pytest.mark.parametrize(
    "text",
    ["Three officers were hurt, one seriously.",
     "Twenty officers were injured, two of them seriously, in the riot.",
     "Five officers were injured, one critically, during the disorder."],
)
def test_elliptic_serious_after_a_hurt_verb(analyse, text: str) -> None:
    doc = analyse(text)
    assert "serious" in [s.label_ for s in doc.spans[SPANS_SEVERITY]]


def test_seriously_of_another_verb_is_no_injury(analyse) -> None:
    doc = analyse("Two officers were injured. One seriously considered quitting.")
    assert "serious" not in [s.label_ for s in doc.spans[SPANS_SEVERITY]]

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

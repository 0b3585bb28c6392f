"""frontline_forces: force names and aliases."""

from __future__ import annotations

import pytest

from nlp.extensions import SPANS_FORCES


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("Scotland Yard said the man was arrested.", "Metropolitan Police Service"),
        ("A spokesman for the Met said.", "Metropolitan Police Service"),
        ("GMP confirmed the arrest.", "Greater Manchester Police"),
        ("The PSNI said.", "Police Service of Northern Ireland"),
        ("West Mids Police said.", "West Midlands Police"),
        ("Hampshire Constabulary said.", "Hampshire and Isle of Wight Constabulary"),
        ("Avon & Somerset Police said.", "Avon and Somerset Police"),
        ("A British Transport Police officer.", "British Transport Police"),
    ],
)
def test_aliases(analyse, text: str, force: str) -> None:
    doc = analyse(text)
    assert [s.label_ for s in doc.spans[SPANS_FORCES]] == [force]


def test_verb_met_is_not_the_met(analyse) -> None:
    doc = analyse("The chiefs met on Monday.")
    assert not list(doc.spans[SPANS_FORCES])


@pytest.mark.parametrize(
    ("text", "force"),
    [
        ("Kent police said the officer was hurt.", "Kent Police"),
        ("The Staffordshire force said.", "Staffordshire Police"),
        ("Three Sussex officers were assaulted.", "Sussex Police"),
        ("West Midlands police confirmed the arrest.", "West Midlands Police"),
    ],
)
def test_area_names_with_police_words(analyse, text: str, force: str) -> None:
    doc = analyse(text)
    assert [s.label_ for s in doc.spans[SPANS_FORCES]] == [force]
    assert not any(t.lower_ == "officers" for s in doc.spans[SPANS_FORCES] for t in s)


def test_town_police_station_is_a_place_not_the_force(analyse) -> None:
    from nlp.extensions import SPANS_PLACES

    doc = analyse("A detention officer was punched at Durham police station.")
    assert not list(doc.spans[SPANS_FORCES])
    assert "Durham police station" in [p.text for p in doc.spans[SPANS_PLACES]]

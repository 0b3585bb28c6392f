"""frontline_weapons: weapon categories from nouns and verbs."""

from __future__ import annotations

import pytest

from nlp.extensions import SPANS_WEAPONS


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("He was stabbed in the leg.", "bladed"),
        ("The man produced a machete.", "bladed"),
        ("Shots were fired at the patrol car.", "firearm"),
        ("The officer was rammed by a van.", "vehicle"),
        ("She was dragged along the road.", "vehicle"),
        ("He was hit with a bottle.", "blunt"),
        ("The crowd pelted them with bricks.", "blunt"),
        ("The PC was headbutted.", "bodily"),
        ("He was bitten on the hand.", "bodily"),
        ("The officer was spat at.", "spitting"),
        ("Acid was thrown in his face.", "corrosive"),
        ("A petrol bomb was thrown at the line.", "incendiary"),
        ("He threatened them with a syringe.", "other"),
    ],
)
def test_categories(analyse, text: str, category: str) -> None:
    doc = analyse(text)
    labels = {s.label_ for s in doc.spans[SPANS_WEAPONS]}
    assert category in labels


def test_officer_taser_is_not_a_weapon_of_attack(analyse) -> None:
    doc = analyse("The officer fired his Taser.")
    labels = {s.label_ for s in doc.spans[SPANS_WEAPONS]}
    assert "other" not in labels


def test_categories_match_the_contract() -> None:
    from nlp.components.weapons import CATEGORIES
    from tests.nlp.conftest import EVAL_DIR

    contract = [line.split("\t")[0] for line in
                (EVAL_DIR / "weapons.txt").read_text().splitlines() if line.strip()]
    assert list(CATEGORIES) == contract

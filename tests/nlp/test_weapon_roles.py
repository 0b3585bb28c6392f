"""nlp.weapon_roles: weapon words count only as instruments of the attack."""

from __future__ import annotations

import pytest

from nlp.extensions import SPANS_WEAPONS
from nlp.weapon_roles import weapon_in_role


def roles(doc) -> dict[str, bool]:
    return {s.text: weapon_in_role(s) for s in doc.spans[SPANS_WEAPONS]}


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The officer was hit by a car.", "car", True),
        ("He threw a bottle at the PC.", "bottle", True),
        ("The officer was pulling over a van when he was stabbed.", "van", False),
        ("She was attacked in the car park.", "car", False),
        ("His first Taser shot had no effect.", "shot", False),
        ("His car was stopped by a patrol.", "car", False),
        ("A man from Rock Ferry punched him.", "Rock", False),
        ("Youths threw bricks at a police car with two officers inside.", "car", False),
    ],
)
def test_instrument_or_not(analyse, text: str, word: str, expected: bool) -> None:
    doc = analyse(text)
    assert roles(doc).get(word, False) is expected

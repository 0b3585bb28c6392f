"""The whole extractor over our own unseen-style articles (tests/nlp/data/generalisation.jsonl).

Written before the extractor was run on them, to find general gaps rather than to fit
the dev corpus: court reports months later, emergency-worker charges, PCSOs and police
staff, BTP, forces by abbreviation, Scottish/Welsh/NI places, UK namesakes abroad and
look-alikes (police shootings, officers convicted, other emergency workers attacked,
attacks on police abroad, football disorder with no officer hurt). Scored with the
shared scorer's own functions. Severity follows the contract's words: a fracture alone
is ``injured``; only critical, life-threatening, life-changing, seriously or badly
injured is ``serious``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.nlp.conftest import score_corpus

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result(extractor) -> dict:
    return score_corpus(
        extractor, DATA / "generalisation.jsonl", DATA / "generalisation_gold.jsonl"
    )


def test_overall_score(result: dict) -> None:
    assert result["score"] >= SCORE


def test_relevance_f1(result: dict) -> None:
    assert result["relevance"]["f1"] >= RELEVANCE


def test_force_accuracy(result: dict) -> None:
    assert result["slots"]["force"] >= 0.96


SCORE = 0.99
RELEVANCE = 0.99

"""The whole extractor over the shared dev corpus, scored by the shared scorer."""

from __future__ import annotations

import pytest

from tests.nlp.conftest import EVAL_DIR, score_corpus


@pytest.fixture(scope="module")
def result(extractor) -> dict:
    dev = EVAL_DIR / "dev"
    return score_corpus(extractor, dev / "articles.jsonl", dev / "gold.jsonl")


def test_overall_score(result: dict) -> None:
    assert result["score"] >= 0.975


def test_relevance_f1(result: dict) -> None:
    assert result["relevance"]["f1"] >= 0.98


def test_force_accuracy(result: dict) -> None:
    assert result["slots"]["force"] >= 0.98


def test_incident_f1(result: dict) -> None:
    assert result["incidents"]["f1"] >= 0.97

"""The whole extractor over the shared dev corpus, scored by the shared scorer."""

from __future__ import annotations

import importlib.util
import json

import pytest

from nlp.contract import read_articles_jsonl, to_contract
from tests.nlp.conftest import EVAL_DIR


@pytest.fixture(scope="module")
def result(extractor) -> dict:
    spec = importlib.util.spec_from_file_location("eval_score", EVAL_DIR / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pred = {
        e.article_id: to_contract(e)
        for e in extractor.extract_many(read_articles_jsonl(EVAL_DIR / "dev" / "articles.jsonl"))
    }
    gold = {}
    for line in (EVAL_DIR / "dev" / "gold.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row
    return scorer.score(gold, pred)


def test_overall_score(result: dict) -> None:
    assert result["score"] >= 0.975


def test_relevance_f1(result: dict) -> None:
    assert result["relevance"]["f1"] >= 0.98


def test_force_accuracy(result: dict) -> None:
    assert result["slots"]["force"] >= 0.98


def test_incident_f1(result: dict) -> None:
    assert result["incidents"]["f1"] >= 0.97

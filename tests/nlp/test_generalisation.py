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

import importlib.util
import json
from pathlib import Path

import pytest

from nlp.contract import read_articles_jsonl, to_contract
from tests.nlp.conftest import EVAL_DIR

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def result(extractor) -> dict:
    spec = importlib.util.spec_from_file_location("eval_score", EVAL_DIR / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pred = {
        e.article_id: to_contract(e)
        for e in extractor.extract_many(read_articles_jsonl(DATA / "generalisation.jsonl"))
    }
    gold = {}
    for line in (DATA / "generalisation_gold.jsonl").read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row
    assert pred.keys() == gold.keys()
    return scorer.score(gold, pred)


def test_overall_score(result: dict) -> None:
    assert result["score"] >= SCORE


def test_relevance_f1(result: dict) -> None:
    assert result["relevance"]["f1"] >= RELEVANCE


def test_force_accuracy(result: dict) -> None:
    assert result["slots"]["force"] >= 0.96


SCORE = 0.99
RELEVANCE = 0.99

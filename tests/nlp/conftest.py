"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest

from nlp.contract import read_articles_jsonl, to_contract
from nlp.extractor import Extractor
from nlp.mentions import ArticleInput

EVAL_DIR = Path(__file__).resolve().parents[3] / "shared" / "eval"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture(scope="session")
def nlp(extractor: Extractor):
    return extractor.nlp


@pytest.fixture(scope="session")
def analyse(extractor: Extractor):
    """Run the whole pipeline over a title and text, as production runs it; returns the Doc."""

    def run(text: str, title: str = "", published: dt.date | None = dt.date(2024, 5, 3)):
        article = ArticleInput(id="t", title=title, text=text, published=published)
        return extractor.analyse(article)

    return run


@pytest.fixture(scope="session")
def extract(extractor: Extractor):
    """Extract from a title and text; returns the ArticleExtraction."""

    def run(text: str, title: str = "", published: dt.date | None = dt.date(2024, 5, 3)):
        return extractor.extract(ArticleInput(id="t", title=title, text=text, published=published))

    return run


def read_gold(path: Path) -> dict[str, dict]:
    """Gold rows of a JSONL file, by article id."""
    gold = {}
    for line in path.read_text().splitlines():
        if line.strip():
            row = json.loads(line)
            gold[row["id"]] = row
    return gold


def score_corpus(extractor: Extractor, articles: Path, gold: Path) -> dict:
    """Extract every article in ``articles`` and score it against ``gold`` with the shared
    scorer; every gold article must have a prediction and vice versa."""
    spec = importlib.util.spec_from_file_location("eval_score", EVAL_DIR / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    pred = {e.article_id: to_contract(e) for e in extractor.extract_many(read_articles_jsonl(articles))}
    gold_rows = read_gold(gold)
    assert pred.keys() == gold_rows.keys()
    return scorer.score(gold_rows, pred)

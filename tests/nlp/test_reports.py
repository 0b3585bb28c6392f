"""The whole extractor over articles written from real UK news reports (tests/nlp/data/reports/).

Each batch was written in our own words from the facts of real reports, longer and messier
than the tidy generalisation set: page furniture, datelines, court detail, several attacks
per story, hedged outcomes. Scored with the shared scorer's own functions.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.nlp.conftest import score_corpus

REPORTS = Path(__file__).parent / "data" / "reports"
BATCHES = sorted(p for p in REPORTS.glob("*.jsonl") if not p.name.endswith("_gold.jsonl"))


FLOORS = {"r1": (0.94, 0.90), "r2": (0.95, 0.95), "r5": (0.92, 0.95), "r7": (0.92, 0.95)}
"""Per batch, the (score, relevance F1) it must keep: a little under what the rules reach
today, so a regression fails. Batches were written as sealed sets and scored once before
they were tuned on (see sealed/README.md); r1, r2, r5 and r7 still hold failures left to fix."""
DEFAULT_FLOOR = (0.95, 0.95)


@pytest.mark.parametrize("articles", BATCHES, ids=lambda p: p.stem)
def test_batch_score(extractor, articles: Path) -> None:
    result = score_corpus(extractor, articles, articles.with_name(f"{articles.stem}_gold.jsonl"))
    score, relevance = FLOORS.get(articles.stem, DEFAULT_FLOOR)
    assert result["score"] >= score
    assert result["relevance"]["f1"] >= relevance

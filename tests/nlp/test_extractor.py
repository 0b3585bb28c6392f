"""Extractor: one article that breaks a component costs that article, not the batch."""

from __future__ import annotations

import datetime as dt
import json
import logging
from pathlib import Path

from spacy.language import Language

from nlp.extractor import Extractor
from nlp.mentions import ArticleInput


@Language.component("test_breaks_on_marker")
def _breaks_on_marker(doc):
    if "MARKER-THAT-BREAKS" in doc.text:
        raise ValueError("a rule fell over")
    return doc


def test_a_failing_article_is_skipped_named_and_the_rest_extracted(caplog) -> None:
    extractor = Extractor()
    extractor.nlp.add_pipe("test_breaks_on_marker", before="frontline_incidents")
    text = "A police officer was punched in the face in Leeds on Saturday night."
    articles = [
        ArticleInput("a1", "", text, dt.date(2024, 5, 6)),
        ArticleInput("a2", "", text + " MARKER-THAT-BREAKS", dt.date(2024, 5, 6)),
        ArticleInput("a3", "", text, dt.date(2024, 5, 6)),
    ]
    with caplog.at_level(logging.ERROR, logger="nlp.extractor"):
        results = list(extractor.extract_many(articles, batch_size=2))
    assert [(r.article_id, r.relevant) for r in results] == [
        ("a1", True), ("a2", False), ("a3", True)]
    assert "article a2 skipped" in caplog.text and "a rule fell over" in caplog.text


def test_several_processes_give_the_same_extractions_in_input_order(extractor: Extractor) -> None:
    from nlp.contract import to_contract

    rows = [json.loads(line) for line in (Path(__file__).parent / "data" / "reports" / "r2.jsonl")
            .read_text(encoding="utf-8").splitlines()]
    articles = [ArticleInput(id=r["id"], title=r["title"], text=r["text"], published=None)
                for r in rows]
    alone = [to_contract(e) for e in extractor.extract_many(articles, batch_size=2)]
    shared = [to_contract(e) for e in extractor.extract_many(articles, batch_size=2, processes=2)]
    assert shared == alone
    assert [row["id"] for row in shared] == [r["id"] for r in rows]

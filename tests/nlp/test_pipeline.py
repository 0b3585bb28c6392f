"""nlp.pipeline and nlp.extractor: the pipeline's make-up, configs, pre-filter, batching."""

from __future__ import annotations

import datetime as dt

from nlp.contract import read_articles_jsonl
from nlp.mentions import ArticleInput, document_text
from nlp.pipeline import COMPONENTS
from nlp.prefilter import may_be_relevant
from tests.nlp.conftest import EVAL_DIR, read_gold


def test_components_in_pipeline_with_config(nlp) -> None:
    assert [n for n in nlp.pipe_names if n.startswith("frontline_")] == list(COMPONENTS)
    assert nlp.config["components"]["frontline_weapons"]["patterns_file"] == "weapons.jsonl"
    assert nlp.config["components"]["frontline_incidents"]["require_uk_anchor"] is True


def test_prefilter_keeps_every_relevant_dev_article() -> None:
    gold = read_gold(EVAL_DIR / "dev" / "gold.jsonl")
    for article in read_articles_jsonl(EVAL_DIR / "dev" / "articles.jsonl"):
        if gold[article.id]["relevant"]:
            assert may_be_relevant(document_text(article.title, article.text)), article.id


def test_prefilter_rejects_unrelated_text() -> None:
    assert not may_be_relevant("Rain is expected across the Midlands on Sunday.")


def test_extract_many_keeps_order(extractor) -> None:
    articles = [
        ArticleInput("a", "Weather", "Sunny spells in Kent.", dt.date(2024, 5, 1)),
        ArticleInput("b", "PC stabbed", "A PC was stabbed in Luton on Monday.",
                     dt.date(2024, 5, 1)),
        ArticleInput("c", "Football", "The match ended two-all.", None),
    ]
    results = list(extractor.extract_many(articles, batch_size=2))
    assert [r.article_id for r in results] == ["a", "b", "c"]
    assert [r.relevant for r in results] == [False, True, False]
    assert results[1].incidents[0].force == "Bedfordshire Police"
    assert results[1].incidents[0].date == dt.date(2024, 4, 29)

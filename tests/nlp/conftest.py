"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

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
    """Run the whole pipeline over a title and text; returns the Doc."""

    def run(text: str, title: str = "", published: dt.date | None = dt.date(2024, 5, 3)):
        article = ArticleInput(id="t", title=title, text=text, published=published)
        return extractor.nlp(extractor.make_doc(article))

    return run


@pytest.fixture(scope="session")
def extract(extractor: Extractor):
    """Extract from a title and text; returns the ArticleExtraction."""

    def run(text: str, title: str = "", published: dt.date | None = dt.date(2024, 5, 3)):
        return extractor.extract(ArticleInput(id="t", title=title, text=text, published=published))

    return run

"""Storing extractions: idempotent, replaced in place, and the article's state recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from nlp.mentions import ArticleExtraction
from storage.database import Database
from storage.incidents import place_candidates, place_coordinates, store_extraction
from storage.models import Mention
from tests.storage.kb import LEYTON_FIRST, LEYTON_SECOND, add_article, mention


def test_same_extraction_twice_changes_no_row(db: Database) -> None:
    with db.session() as session:
        article = add_article(session, "https://a.example/1", "a", dt.date(2019, 8, 8), LEYTON_FIRST,
                              mention(LEYTON_FIRST), mention(LEYTON_SECOND, location="Ilford"))
        rows = [(m.id, m.ordinal, m.location, m.evidence) for m in article.mentions]
        assert article.status == "extracted" and article.relevant
        assert article.extracted_hash == article.content_hash and article.extracted_at
        assert rows[0][3]["date"] == {"start": 0, "end": len(LEYTON_FIRST), "text": LEYTON_FIRST}
        assert article.mentions[1].latitude is not None  # from the gazetteer
    with db.session() as session:
        article = session.get_one(type(article), article.id)
        extraction = ArticleExtraction(str(article.id), True, (mention(LEYTON_FIRST), mention(LEYTON_SECOND, location="Ilford")))
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731 (conn, cursor, statement, ...)
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            store_extraction(session, article, extraction)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        assert any(s.startswith("UPDATE article ") for s in statements)  # extracted_at moved
        assert not [s for s in statements if "article_incident" in s and not s.startswith("SELECT")]
        assert [(m.id, m.ordinal, m.location, m.evidence) for m in article.mentions] == rows


def test_fewer_or_no_incidents_replace_the_old_rows(db: Database) -> None:
    with db.session() as session:
        article = add_article(session, "https://a.example/1", "a", dt.date(2019, 8, 8), LEYTON_FIRST,
                              mention(LEYTON_FIRST), mention(LEYTON_SECOND, location="Ilford"))
        first_id = article.mentions[0].id
        store_extraction(session, article, ArticleExtraction(str(article.id), True, (mention(LEYTON_FIRST, officers=2),)))
        assert [(m.id, m.officers) for m in session.scalars(select(Mention))] == [(first_id, 2)]
        store_extraction(session, article, ArticleExtraction(str(article.id), False))
        assert session.scalars(select(Mention)).all() == [] and article.relevant is False


@pytest.mark.parametrize(
    "location,expected",
    [
        ("Hainault station", ["Hainault station", "Hainault"]),
        ("Leyton High Road, east London", ["Leyton High Road, east London", "Leyton High Road", "east London"]),
        ("near Reading", ["near Reading", "Reading"]),
    ],
)
def test_place_candidates(location: str, expected: list[str]) -> None:
    assert place_candidates(location) == expected
    assert place_coordinates(location) != (None, None)

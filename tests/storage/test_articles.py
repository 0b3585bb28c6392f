"""Articles are stored once per canonical URL, and storing again changes nothing."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.articles import ArticleRecord, queue_article, upsert_article
from storage.database import Database
from storage.models import Article


def test_upsert_is_idempotent(db: Database) -> None:
    record = ArticleRecord("https://news.example/a", "Officer hurt", "An officer was hurt.")
    with db.session() as session:
        first, changed = upsert_article(session, record)
        assert changed
    with db.session() as session:
        again, changed = upsert_article(session, record)
        assert not changed
        assert again.id == first.id
        assert session.scalar(select(func.count(Article.id))) == 1


def test_changed_text_replaces_and_requeues_extraction(db: Database) -> None:
    with db.session() as session:
        upsert_article(session, ArticleRecord("https://news.example/a", "T", "first"))
    with db.session() as session:
        article, changed = upsert_article(session, ArticleRecord("https://news.example/a", "T", "second"))
        assert changed and article.text == "second" and article.status == "fetched"


def test_nul_bytes_never_reach_the_database(db: Database) -> None:
    with db.session() as session:
        article, _ = upsert_article(
            session, ArticleRecord("https://news.example/nul", "Price\x00 cut", "Body\x07 text")
        )
        assert article.title == "Price cut" and article.text == "Body text"


def test_queued_url_is_not_queued_twice(db: Database) -> None:
    with db.session() as session:
        _, new = queue_article(session, "https://news.example/q", title="Queued")
        assert new
    with db.session() as session:
        _, new = queue_article(session, "https://news.example/q", title="Queued")
        assert not new

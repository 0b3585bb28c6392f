"""Run nlp/ over the articles waiting for it and store what it reads.

Each article's result is committed in its own small transaction, so a crash half-way
loses nothing already read and a rerun reads only what is still pending. Incidents
are resolved once at the end, over every relevant mention (see storage/resolution.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import or_, select

from nlp.mentions import ArticleExtraction, ArticleInput
from storage.database import Database
from storage.incidents import store_extraction
from storage.models import Article
from storage.resolution import ResolveReport, resolve_incidents

logger = logging.getLogger(__name__)


class ArticleExtractor(Protocol):
    """What nlp/extractor.py's ``Extractor`` offers: extractions in input order."""

    def extract_many(
        self, articles: Iterable[ArticleInput], batch_size: int = ...
    ) -> Iterator[ArticleExtraction]: ...


@dataclass(frozen=True)
class ExtractReport:
    """What one extraction run did: articles read, relevant ones, mentions stored, skips."""

    read: int = 0
    relevant: int = 0
    mentions: int = 0
    skipped: tuple[tuple[str, str], ...] = ()
    resolved: ResolveReport | None = None


def pending_article_ids(db: Database, limit: int | None = None) -> list[int]:
    """Ids of articles to read: fetched, or extracted from a text that has since changed."""
    stmt = (
        select(Article.id)
        .where(
            or_(
                Article.status == "fetched",
                (Article.status == "extracted")
                & or_(Article.extracted_hash.is_(None), Article.extracted_hash != Article.content_hash),
            )
        )
        .order_by(Article.id)
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    with db.session() as session:
        return list(session.scalars(stmt))


def article_input(article: Article) -> ArticleInput:
    """The nlp/ input for a stored article; its id is the database id as text."""
    return ArticleInput(
        id=str(article.id),
        title=article.title or "",
        text=article.text or "",
        published=article.published.date() if article.published else None,
        url=article.canonical_url,
        source=article.outlet,
    )


def _label(article: Article) -> str:
    return f"{article.id} ({article.canonical_url})"


def _inputs(db: Database, ids: list[int], skipped: list[tuple[str, str]]) -> Iterator[ArticleInput]:
    """Article inputs to extract; empty articles are marked skipped and not yielded."""
    for article_id in ids:
        item = None
        with db.session() as session:  # closed before yielding: no transaction stays open
            article = session.get(Article, article_id)
            if article is None:
                continue
            if (article.text or "").strip():
                item = article_input(article)
            else:
                reason = "article text is empty"
                article.status, article.status_reason = "skipped", reason
                skipped.append((_label(article), reason))
                logger.warning("skipped article %s: %s", _label(article), reason)
        if item is not None:
            yield item


def extract_pending(
    db: Database,
    extractor: ArticleExtractor,
    *,
    limit: int | None = None,
    batch_size: int = 32,
    on_progress: Callable[[int, int], None] | None = None,
) -> ExtractReport:
    """Extract every pending article (at most ``limit``), store each, then resolve incidents.

    ``on_progress(done, total)`` is called after each article is stored.
    """
    ids = pending_article_ids(db, limit)
    skipped: list[tuple[str, str]] = []
    read = relevant = mentions = 0
    for extraction in extractor.extract_many(_inputs(db, ids, skipped), batch_size=batch_size):
        with db.session() as session:
            article = session.get(Article, int(extraction.article_id))
            if article is None:
                skipped.append((extraction.article_id, "article vanished while being read"))
                continue
            stored = store_extraction(session, article, extraction)
        read += 1
        relevant += extraction.relevant
        mentions += len(stored)
        if on_progress is not None:
            on_progress(read + len(skipped), len(ids))
    with db.session() as session:
        resolved = resolve_incidents(session)
    logger.info(
        "extracted %d article(s): %d relevant, %d mention(s), %d skipped",
        read, relevant, mentions, len(skipped),
    )
    return ExtractReport(read, relevant, mentions, tuple(skipped), resolved)

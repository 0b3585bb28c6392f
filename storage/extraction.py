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

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session

from nlp.mentions import ArticleExtraction, ArticleInput
from storage.database import Database
from storage.incidents import store_extraction
from storage.models import Article
from storage.resolution import ResolveReport, resolve_incidents

logger = logging.getLogger(__name__)


class ArticleExtractor(Protocol):
    """What nlp/extractor.py's ``Extractor`` offers: extractions in input order."""

    def extract_many(
        self, articles: Iterable[ArticleInput], batch_size: int = ..., processes: int = ...
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


@dataclass
class _Tally:
    """Counts of one run, filled as articles are stored."""

    total: int
    read: int = 0
    relevant: int = 0
    mentions: int = 0

    def __post_init__(self) -> None:
        self.skipped: list[tuple[str, str]] = []
        self.read_hashes: dict[int, str | None] = {}


def _is_pending(article: Article) -> bool:
    return article.status == "fetched" or (
        article.status == "extracted" and article.extracted_hash != article.content_hash
    )


def lock_article(session: Session, article_id: int) -> Article | None:
    """The article, locked until commit so that concurrent runs store its extraction once.

    PostgreSQL: ``SELECT ... FOR UPDATE``. SQLite: an empty write first, which takes the
    database's write lock before the article is read.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        session.execute(text("UPDATE article SET id = id WHERE 0 = 1"))
    stmt = select(Article).where(Article.id == article_id).execution_options(populate_existing=True)
    if dialect == "postgresql":
        stmt = stmt.with_for_update()
    return session.scalar(stmt)


def _inputs(db: Database, ids: list[int], tally: _Tally) -> Iterator[ArticleInput]:
    """Article inputs to extract; empty articles are marked skipped and not yielded.

    The content hash of each text handed out is kept in ``tally.read_hashes``.
    """
    for article_id in ids:
        item = None
        with db.session() as session:  # closed before yielding: no transaction stays open
            article = session.get(Article, article_id)
            if article is None:
                continue
            if (article.text or "").strip():
                item = article_input(article)
                tally.read_hashes[article.id] = article.content_hash
            else:
                reason = "article text is empty"
                article.status, article.status_reason = "skipped", reason
                tally.skipped.append((_label(article), reason))
                logger.warning("skipped article %s: %s", _label(article), reason)
        if item is not None:
            yield item


def _store_all(
    db: Database,
    extractions: Iterable[ArticleExtraction],
    tally: _Tally,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    """Store each extraction in its own transaction, as it arrives."""
    for extraction in extractions:
        article_id = int(extraction.article_id)
        with db.session() as session:
            article = lock_article(session, article_id)
            if article is None:
                tally.skipped.append((extraction.article_id, "article vanished while being read"))
                continue
            if not _is_pending(article):  # another run stored it meanwhile
                continue
            if article.content_hash != tally.read_hashes.get(article_id):
                reason = "text changed while being read; left for the next run"
                tally.skipped.append((_label(article), reason))
                continue
            stored = store_extraction(session, article, extraction)
        tally.read += 1
        tally.relevant += extraction.relevant
        tally.mentions += len(stored)
        if on_progress is not None:
            on_progress(tally.read + len(tally.skipped), tally.total)


def _one_by_one(
    db: Database,
    extractor: ArticleExtractor,
    ids: list[int],
    tally: _Tally,
    on_progress: Callable[[int, int], None] | None,
) -> None:
    """After a batch failed: read the articles still pending alone; mark the culprit failed."""
    wanted = set(ids)
    for article_id in [i for i in pending_article_ids(db) if i in wanted]:
        try:
            alone = extractor.extract_many(_inputs(db, [article_id], tally), batch_size=1)
            _store_all(db, alone, tally, on_progress)
        except Exception as exc:  # noqa: BLE001 - any failure of one article is recorded, not raised
            with db.session() as session:
                article = lock_article(session, article_id)
                if article is None or not _is_pending(article):  # stored before the failure
                    continue
                reason = f"extraction failed: {type(exc).__name__}: {exc}"
                article.status, article.status_reason = "failed", reason
                article.attempts = (article.attempts or 0) + 1
                tally.skipped.append((_label(article), reason))
                logger.warning("article %s: %s", _label(article), reason)


def extract_pending(
    db: Database,
    extractor: ArticleExtractor,
    *,
    limit: int | None = None,
    batch_size: int = 32,
    on_progress: Callable[[int, int], None] | None = None,
    processes: int | None = None,
) -> ExtractReport:
    """Extract every pending article (at most ``limit``), store each, then resolve incidents.

    Each article is committed as soon as it is read. If a batch fails, the articles
    still pending are read one by one and the one that fails is marked ``failed``
    with the reason, so one bad article neither stops the run nor blocks the next.
    ``on_progress(done, total)`` is called after each article is stored. ``processes``
    (default ``FRONTLINE_EXTRACT_PROCESSES``) read the articles in parallel.
    """
    from frontline.settings import get_settings

    ids = pending_article_ids(db, limit)
    tally = _Tally(total=len(ids))
    workers = processes or get_settings().extract_processes
    try:
        extractions = extractor.extract_many(_inputs(db, ids, tally), batch_size, workers)
        _store_all(db, extractions, tally, on_progress)
    except Exception as exc:  # noqa: BLE001 - isolate the bad article below
        logger.warning("extraction batch failed (%s: %s); reading the rest one by one", type(exc).__name__, exc)
        _one_by_one(db, extractor, ids, tally, on_progress)
    with db.session() as session:
        resolved = resolve_incidents(session)
    logger.info(
        "extracted %d article(s): %d relevant, %d mention(s), %d skipped",
        tally.read, tally.relevant, tally.mentions, len(tally.skipped),
    )
    return ExtractReport(tally.read, tally.relevant, tally.mentions, tuple(tally.skipped), resolved)

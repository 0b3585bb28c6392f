"""The crawl queue: articles waiting to be fetched, kept in the ``article`` table.

An article is waiting when its status is ``queued``, or ``failed`` with fewer than
``max_attempts`` attempts. Claiming an article counts one attempt and marks it
``failed`` ("crawl did not finish") until the crawl records what really happened, so
a crawl killed midway leaves an honest status behind, and a page that keeps failing
(or keeps killing the crawl) stops being retried.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from storage.articles import mark_article
from storage.models import Article

logger = logging.getLogger(__name__)


CLAIMED = "crawl did not finish"


@dataclass(frozen=True)
class QueuedArticle:
    """An article to fetch: its id, URL and the attempt this is."""

    id: int
    url: str
    attempt: int


def waiting_condition(max_attempts: int):  # type: ignore[no-untyped-def]
    """The SQL condition of an article that a crawl should (re)try."""
    return or_(
        Article.status == "queued",
        and_(Article.status == "failed", Article.attempts < max_attempts),
    )


def count_waiting(session: Session, max_attempts: int) -> int:
    """How many articles a crawl would try now."""
    return session.scalar(
        select(func.count()).select_from(Article).where(waiting_condition(max_attempts))
    ) or 0


def claim_articles(session: Session, max_attempts: int, limit: int | None = None) -> list[QueuedArticle]:
    """Take up to ``limit`` waiting articles (oldest first), counting an attempt on each."""
    stmt = (
        select(Article)
        .where(waiting_condition(max_attempts))
        .order_by(Article.attempts, Article.id)
        .with_for_update(skip_locked=True)  # PostgreSQL: two crawls never claim one article
    )
    if limit is not None:
        stmt = stmt.limit(limit)
    claimed = []
    for article in session.scalars(stmt):
        article.attempts = (article.attempts or 0) + 1
        article.status = "failed"
        article.status_reason = CLAIMED
        claimed.append(QueuedArticle(article.id, article.canonical_url, article.attempts))
    session.flush()
    return claimed


def fail_article(session: Session, article_id: int, reason: str, max_attempts: int) -> None:
    """Record a fetch failure; after the last attempt the reason says it was given up."""
    article = session.get(Article, article_id)
    if article is None:
        return
    if article.attempts >= max_attempts:
        reason = f"{reason} (gave up after {article.attempts} attempts)"
    mark_article(session, article, "failed", reason)


def skip_article(
    session: Session, article_id: int, reason: str, duplicate_of_id: int | None = None
) -> None:
    """Record that the page was fetched but is not stored as an article, and why."""
    article = session.get(Article, article_id)
    if article is None:
        return
    if duplicate_of_id is not None:
        article.duplicate_of_id = duplicate_of_id
    mark_article(session, article, "skipped", reason)

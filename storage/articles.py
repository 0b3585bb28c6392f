"""Writing and reading articles: idempotent upserts keyed on the canonical URL."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.models import Article, utcnow

logger = logging.getLogger(__name__)

_NUL_AND_CONTROLS = {c: None for c in range(32) if c not in (9, 10, 13)}


def url_hash(canonical_url: str) -> str:
    """The natural key of an article: SHA-256 of its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()


def content_hash(title: str, text: str) -> str:
    """SHA-256 of the normalised text, to spot identical copies under other URLs."""
    normalised = " ".join(f"{title}\n{text}".split()).lower()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


def clean_text(value: str | None) -> str:
    """Text safe for any database: NUL and other control characters removed."""
    return (value or "").translate(_NUL_AND_CONTROLS)


@dataclass(frozen=True)
class ArticleRecord:
    """An article as a crawler or an import hands it to storage."""

    canonical_url: str
    title: str
    text: str
    published: dt.datetime | None = None
    published_source: str | None = None
    outlet: str | None = None
    external_id: str | None = None
    author: str | None = None
    language: str | None = None
    fetched_at: dt.datetime | None = None


def get_article_by_url(session: Session, canonical_url: str) -> Article | None:
    """The stored article under ``canonical_url``, if any."""
    return session.scalar(select(Article).where(Article.url_hash == url_hash(canonical_url)))


def upsert_article(session: Session, record: ArticleRecord) -> tuple[Article, bool]:
    """Store ``record`` under its canonical URL; return the row and whether anything changed.

    Storing the same text twice changes nothing. A changed text replaces the old one
    and sends the article back to ``fetched`` so that it is read again.
    """
    title, text = clean_text(record.title).strip(), clean_text(record.text).strip()
    digest = content_hash(title, text)
    article = get_article_by_url(session, record.canonical_url)
    if article is None:
        article = Article(url_hash=url_hash(record.canonical_url), canonical_url=record.canonical_url)
        session.add(article)
    elif article.content_hash == digest and article.status != "queued":
        return article, False
    article.title = title
    article.text = text
    article.content_hash = digest
    article.published = record.published or article.published
    article.published_source = record.published_source or article.published_source
    article.outlet = record.outlet or article.outlet
    article.external_id = record.external_id or article.external_id
    article.author = record.author
    article.language = record.language
    article.fetched_at = record.fetched_at or utcnow()
    article.status = "fetched"
    article.status_reason = None
    session.flush()
    logger.debug("stored article %s (%s)", article.id, record.canonical_url)
    return article, True


def queue_article(
    session: Session,
    canonical_url: str,
    *,
    title: str = "",
    published: dt.datetime | None = None,
    published_source: str | None = None,
    outlet: str | None = None,
    source_id: int | None = None,
) -> tuple[Article, bool]:
    """Put a URL seen in a feed on the crawl queue; a URL already known is left as it is."""
    article = get_article_by_url(session, canonical_url)
    if article is not None:
        return article, False
    article = Article(
        url_hash=url_hash(canonical_url),
        canonical_url=canonical_url,
        title=clean_text(title).strip(),
        published=published,
        published_source=published_source,
        outlet=outlet,
        source_id=source_id,
        status="queued",
    )
    session.add(article)
    session.flush()
    return article, True


def mark_article(session: Session, article: Article, status: str, reason: str | None = None) -> None:
    """Record what happened to an article (``skipped``/``failed`` with the reason)."""
    article.status = status
    article.status_reason = reason
    session.flush()

"""Writing sources and feeds, and the feeds' polling health.

Functions take a ``Session``; the caller owns the transaction. ``sync_sources`` is
idempotent: running it twice with the same list changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from storage.articles import url_hash
from storage.models import Article, ArticleUrl, Feed, Source, utcnow

logger = logging.getLogger(__name__)


class SourceLike(Protocol):
    """What ``sync_sources`` reads from a source spec (crawlers.registry.SourceSpec)."""

    name: str
    title: str
    homepage: str | None
    region: str | None
    force: str | None
    enabled: bool
    feeds: tuple[str, ...]
    sitemaps: tuple[str, ...]
    # and optionally ``listing`` with a ``url``


@dataclass(frozen=True)
class SyncResult:
    """How many rows ``sync_sources`` added."""

    sources_added: int
    feeds_added: int


def get_source(session: Session, name: str) -> Source | None:
    """The source called ``name``, if any."""
    return session.scalar(select(Source).where(Source.name == name))


def stored_enabled(session: Session) -> dict[str, bool]:
    """Whether each stored source is switched on, by name (one query for all of them)."""
    return {name: enabled for name, enabled in session.execute(select(Source.name, Source.enabled))}


def get_feed(session: Session, url: str) -> Feed | None:
    """The feed at ``url``, if any."""
    return session.scalar(select(Feed).where(Feed.url == url))


def ensure_source(session: Session, spec: SourceLike) -> tuple[Source, bool]:
    """The source row for ``spec``, created if missing; descriptive fields follow the spec.

    ``enabled`` is only set when the row is created, or turned off when the spec says
    so: an operator's ``sources disable`` in the database is never undone by a sync.
    """
    source = get_source(session, spec.name)
    created = source is None
    if source is None:
        source = Source(name=spec.name, enabled=spec.enabled)
        session.add(source)
    elif not spec.enabled:
        source.enabled = False
    source.title = spec.title or spec.name
    source.homepage = spec.homepage
    source.region = spec.region
    source.force = spec.force
    session.flush()
    return source, created


def ensure_feed(session: Session, source: Source, url: str, kind: str = "rss") -> tuple[Feed, bool]:
    """The feed row at ``url`` belonging to ``source``, created if missing."""
    feed = get_feed(session, url)
    if feed is not None:
        if feed.source_id != source.id:
            logger.warning("feed %s moves from source %s to %s", url, feed.source_id, source.name)
            feed.source_id = source.id
        return feed, False
    feed = Feed(source_id=source.id, url=url, kind=kind, enabled=True)
    session.add(feed)
    session.flush()
    return feed, True


def sync_sources(session: Session, specs: Iterable[SourceLike]) -> SyncResult:
    """Make sure every source and feed of ``specs`` has its row (idempotent)."""
    sources_added = feeds_added = 0
    for spec in specs:
        source, created = ensure_source(session, spec)
        sources_added += created
        for url in spec.feeds:
            feeds_added += ensure_feed(session, source, url, "rss")[1]
        for url in spec.sitemaps:
            feeds_added += ensure_feed(session, source, url, "sitemap")[1]
        listing = getattr(spec, "listing", None)
        if listing is not None:
            feeds_added += ensure_feed(session, source, listing.url, "listing")[1]
    if sources_added or feeds_added:
        logger.info("registered %d new sources and %d new feeds", sources_added, feeds_added)
    return SyncResult(sources_added, feeds_added)


def set_source_enabled(session: Session, name: str, enabled: bool) -> Source | None:
    """Turn polling of source ``name`` on or off; ``None`` when there is no such source."""
    source = get_source(session, name)
    if source is not None:
        source.enabled = enabled
        session.flush()
    return source


def record_poll_success(
    session: Session,
    feed: Feed,
    *,
    items: int,
    etag: str | None,
    last_modified: str | None,
    warning: str | None = None,
    when: dt.datetime | None = None,
) -> None:
    """A poll that read the feed (``warning``: what was wrong with it, if anything)."""
    when = when or utcnow()
    feed.last_polled = when
    feed.last_success = when
    feed.last_error = warning
    feed.consecutive_failures = 0
    feed.items_seen = (feed.items_seen or 0) + items
    if etag is not None:
        feed.etag = etag
    if last_modified is not None:
        feed.last_modified = last_modified
    session.flush()


def record_poll_failure(
    session: Session, feed: Feed, reason: str, when: dt.datetime | None = None
) -> None:
    """A poll that could not read the feed."""
    feed.last_polled = when or utcnow()
    feed.last_error = reason
    feed.consecutive_failures = (feed.consecutive_failures or 0) + 1
    session.flush()


def feed_health(session: Session) -> list[tuple[Source, Feed]]:
    """Every feed with its source, ordered by source name then URL."""
    stmt = (
        select(Source, Feed)
        .join(Feed, Feed.source_id == Source.id)
        .order_by(Source.name, Feed.url)
    )
    return [(source, feed) for source, feed in session.execute(stmt)]


def article_for_url(session: Session, canonical_url: str) -> Article | None:
    """The article stored under ``canonical_url`` or having it as an extra URL."""
    digest = url_hash(canonical_url)
    article = session.scalar(select(Article).where(Article.url_hash == digest))
    if article is not None:
        return article
    return session.scalar(
        select(Article).join(ArticleUrl, ArticleUrl.article_id == Article.id).where(
            ArticleUrl.url_hash == digest
        )
    )


def known_urls(session: Session, canonical_urls: Iterable[str], chunk: int = 500) -> set[str]:
    """Those of ``canonical_urls`` stored as an article or an extra URL (two queries a chunk)."""
    by_hash = {url_hash(url): url for url in canonical_urls}
    hashes = list(by_hash)
    known: set[str] = set()
    for start in range(0, len(hashes), chunk):
        part = hashes[start : start + chunk]
        known.update(session.scalars(select(Article.url_hash).where(Article.url_hash.in_(part))))
        known.update(session.scalars(select(ArticleUrl.url_hash).where(ArticleUrl.url_hash.in_(part))))
    return {by_hash[digest] for digest in known}


def add_article_url(
    session: Session, article: Article, url: str, kind: str = "alias", outlet: str | None = None
) -> bool:
    """Record ``url`` as another address of ``article``; False when it is already known."""
    digest = url_hash(url)
    if digest == article.url_hash:
        return False
    if session.scalar(select(ArticleUrl.id).where(ArticleUrl.url_hash == digest)) is not None:
        return False
    session.add(ArticleUrl(article_id=article.id, url_hash=digest, url=url, kind=kind, outlet=outlet))
    session.flush()
    return True

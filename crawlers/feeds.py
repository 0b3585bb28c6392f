"""RSS and Atom feeds: read them defensively, poll them (with sitemaps and listings), queue articles.

:func:`parse_feed` is pure (bytes in, entries out) and never trusts the feed: links must
be http(s), titles become plain text without control characters, and dates outside
1990 … now + 2 days count as missing. :func:`poll_feeds` fetches each feed, news
sitemap and listing page of the sources (see :mod:`crawlers.fetch` for the limits),
queues new entries as ``queued`` articles and records each one's health on its
``Feed`` row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import feedparser
import httpx
from sqlalchemy.orm import Session

from crawlers.dates import sane_date
from crawlers.fetch import RobotsRules, fetch_url, make_client
from crawlers.listings import parse_listing
from crawlers.registry import SourceSpec
from crawlers.reports import FeedEntry, PollReport, Skip
from crawlers.sanitize import plain_text
from crawlers.sitemaps import parse_sitemap
from crawlers.urls import canonicalize_url
from frontline.errors import FeedError, FetchError
from frontline.settings import Settings
from storage.articles import queue_article
from storage.database import Database
from storage.sources import (
    get_feed,
    known_urls,
    record_poll_failure,
    record_poll_success,
    sync_sources,
)

logger = logging.getLogger(__name__)

FETCH_WORKERS = 8

@dataclass(frozen=True)
class ParsedFeed:
    """What could be read from a feed body."""

    url: str
    title: str
    entries: tuple[FeedEntry, ...]
    skipped: tuple[Skip, ...] = ()
    bozo: str | None = None
    version: str = ""


_ISO_PREFIX = re.compile(
    r"^\s*(-?\d+)-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?)?"
)


def _raw_date_is_possible(raw: str) -> bool:
    """False for ISO-looking dates feedparser would silently bend (Feb 30, hour 25, year -44)."""
    match = _ISO_PREFIX.match(raw or "")
    if match is None:
        return True
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return hour < 24 and minute < 60 and second < 61


def _entry_date(entry: Any) -> dt.datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)  # plain dict access: no deprecated published/updated aliasing
        raw = dict.get(entry, key.removesuffix("_parsed")) or ""
        if parsed and not _raw_date_is_possible(raw):
            logger.debug("impossible date %r treated as missing", raw)
            continue
        if parsed:
            try:
                date = dt.datetime.fromtimestamp(calendar.timegm(parsed), dt.UTC)
            except (OverflowError, ValueError, OSError, TypeError):
                continue
            return sane_date(date)
    for key in ("published", "updated", "dc_date"):
        raw = (dict.get(entry, key) or "").strip()
        if raw.isdigit() and 9 <= len(raw) <= 10:  # a Unix timestamp feedparser leaves alone
            return sane_date(dt.datetime.fromtimestamp(int(raw), dt.UTC))
    return None


def _unwrap_redirect(url: str) -> str:
    """The target of a Google redirect link (Google Alerts feeds wrap every link in one)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if (host == "google.com" or host.endswith(".google.com")) and parts.path == "/url":
        query = parse_qs(parts.query)
        for key in ("url", "q"):
            if query.get(key):
                return query[key][0]
    return url


def _entry_link(entry: Any, base: str) -> str | None:
    candidates: list[str] = []
    if entry.get("link"):
        candidates.append(entry["link"])
    for link in entry.get("links") or []:
        if link.get("href") and link.get("rel", "alternate") == "alternate":
            candidates.append(link["href"])
    guid = entry.get("id")
    if guid and entry.get("guidislink", True):
        candidates.append(guid)
    for candidate in candidates:
        candidate = candidate.strip()
        if not candidate or candidate.lower().startswith(("javascript:", "data:", "vbscript:")):
            continue
        url = canonicalize_url(_unwrap_redirect(urljoin(base, candidate)))
        if url is not None:
            return url
    return None


def _describe_bozo(result: Any) -> str | None:
    if not result.get("bozo"):
        return None
    exc = result.get("bozo_exception")
    name = type(exc).__name__ if exc is not None else "error"
    return plain_text(f"{name}: {exc}")[:300]


def parse_feed(body: bytes, url: str) -> ParsedFeed:
    """Read the entries of a feed body fetched from ``url``.

    Broken feeds are read as far as possible, with the parser's complaint in ``bozo``.
    Entries without a usable http(s) link are left out and listed in ``skipped``.
    Raises :class:`FeedError` (naming ``url``) when the body is empty or not a feed at all.
    """
    if not body or not body.strip():
        raise FeedError(f"{url}: empty response, not a feed")
    result = feedparser.parse(body, sanitize_html=True, resolve_relative_uris=False)
    bozo = _describe_bozo(result)
    raw_entries = result.get("entries") or []
    version = result.get("version") or ""
    if not version and not raw_entries:
        raise FeedError(f"{url}: not a feed ({bozo or 'no feed elements'})")
    site = (result.get("feed") or {}).get("link") or ""
    base = site if canonicalize_url(site) else url
    entries: list[FeedEntry] = []
    skipped: list[Skip] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw_entries, start=1):
        title = plain_text(entry.get("title"))
        link = _entry_link(entry, base)
        if link is None:
            raw = plain_text(entry.get("link") or entry.get("id") or "") or f"{url}#item{index}"
            scheme = raw.split(":", 1)[0].lower() if ":" in raw else ""
            reason = f"{scheme}: link rejected" if scheme in ("javascript", "data", "vbscript") else "no http(s) link"
            logger.debug("feed %s: item %d skipped: %s", url, index, reason)
            skipped.append(Skip(raw[:500], reason))
            continue
        if link in seen:
            continue
        seen.add(link)
        guid = plain_text(entry.get("id"))[:200] or None
        entries.append(FeedEntry(url=link, title=title, published=_entry_date(entry), external_id=guid))
    if bozo:
        logger.info("feed %s parsed with errors (%s): %d entries", url, bozo, len(entries))
    return ParsedFeed(
        url=url,
        title=plain_text(result.get("feed", {}).get("title")),
        entries=tuple(entries),
        skipped=tuple(skipped),
        bozo=bozo,
        version=version,
    )


MAX_CHILD_SITEMAPS = 25


@dataclass
class SourceRead:
    """What reading one feed, sitemap or listing page gave (``error`` when nothing)."""

    spec: SourceSpec
    url: str
    kind: str
    entries: tuple[FeedEntry, ...] = ()
    skipped: tuple[Skip, ...] = ()
    warning: str | None = None
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class _Job:
    spec: SourceSpec
    url: str
    kind: str
    etag: str | None
    last_modified: str | None


def _read_feed(client: httpx.Client, job: _Job, settings: Settings) -> SourceRead:
    fetched = fetch_url(client, job.url, settings, job.etag, job.last_modified)
    read = SourceRead(job.spec, job.url, job.kind, etag=fetched.etag, last_modified=fetched.last_modified)
    if fetched.body is None:  # 304 Not Modified
        return read
    parsed = parse_feed(fetched.body, job.url)
    read.entries, read.skipped = parsed.entries, parsed.skipped
    read.warning = f"parsed with errors: {parsed.bozo}" if parsed.bozo else None
    return read


def _read_sitemap(client: httpx.Client, job: _Job, settings: Settings) -> SourceRead:
    """A news sitemap, following an index to its children (each once, at most 25)."""
    fetched = fetch_url(client, job.url, settings, job.etag, job.last_modified)
    read = SourceRead(job.spec, job.url, job.kind, etag=fetched.etag, last_modified=fetched.last_modified)
    if fetched.body is None:
        return read
    pending, visited = [(job.url, fetched.body)], {job.url}
    entries: list[FeedEntry] = []
    skipped: list[Skip] = []
    problems: list[str] = []
    while pending:
        url, body = pending.pop(0)
        try:
            parsed = parse_sitemap(body, url, settings.download_maxsize)
        except FeedError as exc:
            if url == job.url:
                raise
            problems.append(str(exc))
            continue
        entries.extend(parsed.entries)
        skipped.extend(parsed.skipped)
        for child in parsed.children:
            if child in visited or len(visited) > MAX_CHILD_SITEMAPS:
                continue
            visited.add(child)
            try:
                pending.append((child, fetch_url(client, child, settings).body or b""))
            except FetchError as exc:
                problems.append(str(exc))
    read.entries, read.skipped = tuple(entries), tuple(skipped)
    read.warning = "; ".join(problems)[:500] or None
    return read


def _read_listing(client: httpx.Client, robots: RobotsRules, job: _Job, settings: Settings) -> SourceRead:
    listing = job.spec.listing
    if not robots.allowed(job.url):
        raise FetchError(f"GET {job.url}: disallowed by robots.txt")
    fetched = fetch_url(client, job.url, settings, job.etag, job.last_modified)
    read = SourceRead(job.spec, job.url, job.kind, etag=fetched.etag, last_modified=fetched.last_modified)
    if fetched.body is not None:
        read.entries = parse_listing(
            fetched.body, job.url, listing.css if listing else None, listing.xpath if listing else None
        )
    return read


def _read_all(jobs: list[_Job], settings: Settings) -> list[SourceRead]:
    def one(job: _Job) -> SourceRead:
        try:
            if job.kind == "sitemap":
                return _read_sitemap(client, job, settings)
            if job.kind == "listing":
                return _read_listing(client, robots, job, settings)
            return _read_feed(client, job, settings)
        except (FetchError, FeedError) as exc:
            return SourceRead(job.spec, job.url, job.kind, error=str(exc))

    with make_client(settings) as client, ThreadPoolExecutor(FETCH_WORKERS) as pool:
        robots = RobotsRules(client, settings)
        return list(pool.map(one, jobs))


def _urls(spec: SourceSpec) -> list[tuple[str, str]]:
    urls = [(u, "rss") for u in spec.feeds] + [(u, "sitemap") for u in spec.sitemaps]
    if spec.listing is not None:
        urls.append((spec.listing.url, "listing"))
    return urls


def read_source(spec: SourceSpec, settings: Settings) -> list[SourceRead]:
    """Fetch and read every feed, sitemap and listing page of ``spec`` now, storing nothing."""
    return _read_all([_Job(spec, url, kind, None, None) for url, kind in _urls(spec)], settings)


def _jobs(db: Database, sources: Sequence[SourceSpec]) -> list[_Job]:
    jobs = []
    with db.session() as session:
        sync_sources(session, sources)
        for spec in sources:
            if not spec.enabled:
                continue
            for url, kind in _urls(spec):
                feed = get_feed(session, url)
                if feed is None or not feed.enabled or not feed.source.enabled:
                    continue
                jobs.append(_Job(spec, url, kind, feed.etag, feed.last_modified))
    return jobs


def _queue_entries(session: Session, read: SourceRead, source_id: int) -> int:
    new = 0
    known = known_urls(session, (entry.url for entry in read.entries))
    for entry in read.entries:
        if entry.url in known:
            continue
        _, created = queue_article(
            session,
            entry.url,
            title=entry.title,
            published=entry.published,
            published_source="feed" if entry.published else None,
            outlet=read.spec.name,
            source_id=source_id,
        )
        new += created
    return new


def poll_feeds(db: Database, sources: Sequence[SourceSpec], settings: Settings) -> PollReport:
    """Poll every enabled feed, news sitemap and listing page of ``sources``; queue new articles.

    Each new entry becomes an ``Article`` with status ``queued`` (title and date from the
    feed, ``published_source="feed"``, outlet = the source's name). Failures are recorded
    on the ``Feed`` row and counted; one bad feed never stops the others.
    """
    reads = _read_all(_jobs(db, sources), settings)
    feeds_failed = entries_seen = queued = 0
    skipped: list[Skip] = []
    failures: list[Skip] = []
    for read in reads:
        with db.session() as session:
            feed = get_feed(session, read.url)
            if feed is None:  # removed while we were fetching
                continue
            if read.error is not None:
                logger.warning("%s %s (%s) failed: %s", read.kind, read.url, read.spec.name, read.error)
                record_poll_failure(session, feed, read.error)
                feeds_failed += 1
                failures.append(Skip(read.url, read.error))
                continue
            new = _queue_entries(session, read, feed.source_id)
            record_poll_success(
                session,
                feed,
                items=len(read.entries),
                etag=read.etag,
                last_modified=read.last_modified,
                warning=read.warning,
            )
        skipped.extend(read.skipped)
        entries_seen += len(read.entries)
        queued += new
        logger.debug("%s %s: %d entries, %d new", read.kind, read.url, len(read.entries), new)
    report = PollReport(
        feeds_polled=len(reads),
        feeds_failed=feeds_failed,
        entries_seen=entries_seen,
        queued=queued,
        skipped=tuple(skipped),
        failures=tuple(failures),
    )
    logger.info(
        "polled %d feeds (%d failed): %d entries, %d queued, %d skipped",
        report.feeds_polled, report.feeds_failed, report.entries_seen, report.queued, len(skipped),
    )
    return report

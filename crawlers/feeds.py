"""RSS and Atom feeds: fetch them politely, read them defensively, queue their articles.

:func:`parse_feed` is pure (bytes in, entries out) and never trusts the feed: links must
be http(s), titles become plain text without control characters, and dates outside
1990 … now + 2 days count as missing. :func:`poll_feeds` fetches each feed with a
timeout, a size cap and a conditional GET, queues new entries as ``queued`` articles
and records each feed's health on its ``Feed`` row.
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import feedparser
import httpx

from crawlers.dates import sane_date
from crawlers.registry import SourceSpec
from crawlers.reports import PollReport, Skip
from crawlers.sanitize import plain_text
from crawlers.urls import canonicalize_url
from frontline.errors import FeedError, FetchError
from frontline.settings import Settings
from storage.articles import queue_article
from storage.database import Database
from storage.sources import (
    article_for_url,
    get_feed,
    record_poll_failure,
    record_poll_success,
    sync_sources,
)

logger = logging.getLogger(__name__)

FETCH_WORKERS = 8

@dataclass(frozen=True)
class FeedEntry:
    """One usable item of a feed."""

    url: str
    title: str
    published: dt.datetime | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class ParsedFeed:
    """What could be read from a feed body."""

    url: str
    title: str
    entries: tuple[FeedEntry, ...]
    skipped: tuple[Skip, ...] = ()
    bozo: str | None = None
    version: str = ""


@dataclass(frozen=True)
class FetchedFeed:
    """A feed body as fetched (``body`` is None when the server said 304 Not Modified)."""

    url: str
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


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


def fetch_feed(
    client: httpx.Client, url: str, settings: Settings, etag: str | None = None,
    last_modified: str | None = None,
) -> FetchedFeed:
    """GET ``url`` with a conditional request, the size cap and an overall deadline.

    Raises :class:`FetchError` naming the URL for HTTP errors, timeouts and oversize bodies.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return FetchedFeed(url, None, etag, last_modified)
            if response.status_code >= 400:
                raise FetchError(f"GET {url} returned HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.download_maxsize:
                raise FetchError(f"GET {url}: body of {declared} bytes exceeds {settings.download_maxsize}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.download_maxsize:
                    raise FetchError(f"GET {url}: body exceeds {settings.download_maxsize} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"GET {url}: no complete body within {settings.fetch_timeout}s")
                chunks.append(chunk)
            return FetchedFeed(
                url,
                b"".join(chunks),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
    except httpx.TimeoutException as exc:
        raise FetchError(f"GET {url}: timed out after {settings.fetch_timeout}s") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"GET {url}: {type(exc).__name__}: {exc}") from exc


def make_client(settings: Settings) -> httpx.Client:
    """An HTTP client with our User-Agent, timeout and redirect limit."""
    return httpx.Client(
        headers={"User-Agent": settings.user_agent},
        timeout=settings.fetch_timeout,
        follow_redirects=True,
        max_redirects=5,
    )


@dataclass
class _FeedOutcome:
    spec: SourceSpec
    url: str
    fetched: FetchedFeed | None = None
    error: str | None = None


def _fetch_all(
    jobs: list[tuple[SourceSpec, str, str | None, str | None]], settings: Settings
) -> list[_FeedOutcome]:
    def one(job: tuple[SourceSpec, str, str | None, str | None]) -> _FeedOutcome:
        spec, url, etag, modified = job
        try:
            return _FeedOutcome(spec, url, fetch_feed(client, url, settings, etag, modified))
        except FetchError as exc:
            return _FeedOutcome(spec, url, error=str(exc))

    with make_client(settings) as client, ThreadPoolExecutor(FETCH_WORKERS) as pool:
        return list(pool.map(one, jobs))


def poll_feeds(db: Database, sources: Sequence[SourceSpec], settings: Settings) -> PollReport:
    """Fetch every enabled feed of ``sources`` and queue the articles not seen before.

    Each new entry becomes an ``Article`` with status ``queued`` (title and feed date,
    ``published_source="feed"``, outlet = the source's name). Failures are recorded on
    the ``Feed`` row and counted; one bad feed never stops the others.
    """
    with db.session() as session:
        sync_sources(session, sources)
        jobs = []
        for spec in sources:
            if not spec.enabled:
                continue
            for url in spec.feeds:
                feed = get_feed(session, url)
                if feed is None or not feed.enabled or not feed.source.enabled:
                    continue
                jobs.append((spec, url, feed.etag, feed.last_modified))
    outcomes = _fetch_all(jobs, settings)
    feeds_failed = entries_seen = queued = 0
    skipped: list[Skip] = []
    failures: list[Skip] = []
    for outcome in outcomes:
        with db.session() as session:
            feed = get_feed(session, outcome.url)
            assert feed is not None  # created by sync_sources above
            parsed: ParsedFeed | None = None
            error = outcome.error
            if error is None and outcome.fetched is not None and outcome.fetched.body is not None:
                try:
                    parsed = parse_feed(outcome.fetched.body, outcome.url)
                except FeedError as exc:
                    error = str(exc)
            if error is not None:
                logger.warning("feed %s (%s) failed: %s", outcome.url, outcome.spec.name, error)
                record_poll_failure(session, feed, error)
                feeds_failed += 1
                failures.append(Skip(outcome.url, error))
                continue
            fetched = outcome.fetched
            assert fetched is not None
            new = 0
            if parsed is not None:
                skipped.extend(parsed.skipped)
                entries_seen += len(parsed.entries)
                for entry in parsed.entries:
                    if article_for_url(session, entry.url) is not None:
                        continue
                    _, created = queue_article(
                        session,
                        entry.url,
                        title=entry.title,
                        published=entry.published,
                        published_source="feed" if entry.published else None,
                        outlet=outcome.spec.name,
                        source_id=feed.source_id,
                    )
                    new += created
            queued += new
            record_poll_success(
                session,
                feed,
                items=len(parsed.entries) if parsed else 0,
                etag=fetched.etag,
                last_modified=fetched.last_modified,
                warning=f"parsed with errors: {parsed.bozo}" if parsed and parsed.bozo else None,
            )
            logger.debug("feed %s: %d entries, %d new", outcome.url, len(parsed.entries) if parsed else 0, new)
    report = PollReport(
        feeds_polled=len(outcomes),
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

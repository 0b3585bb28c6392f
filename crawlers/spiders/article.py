"""The article spider: fetch the pages of queued articles and read their text.

The queue is the ``article`` table (status ``queued``, or ``failed`` with attempts
left), claimed at start, so a rerun never refetches what is stored and never forgets
what failed. Every claimed article ends the crawl stored, skipped or failed, with the
reason on its row.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure

from crawlers.items import ArticleItem
from crawlers.ledger import CrawlLedger
from crawlers.reports import Skip
from crawlers.text import extract_page, meta_refresh_target
from crawlers.urls import canonicalize_url
from storage.database import Database
from storage.queue import claim_articles, fail_article, skip_article

logger = logging.getLogger(__name__)

MAX_META_REFRESH = 3


def describe_failure(failure: Failure, timeout: float) -> tuple[str, str]:
    """``(status, reason)`` for a request that got no usable response."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return "failed", f"HTTP {exc.response.status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc) or "request ignored"
        if "robots" in text.lower():
            return "skipped", "disallowed by robots.txt"
        return "failed", text
    if isinstance(exc, DownloadTimeoutError | TimeoutError | TCPTimedOutError):
        return "failed", f"timed out after {timeout:g}s"
    if isinstance(exc, DownloadCancelledError):
        text = str(exc)
        if "max size" in text:
            return "failed", "larger than the download size limit (FRONTLINE_DOWNLOAD_MAXSIZE)"
        return "failed", f"download cancelled: {text}"
    if isinstance(exc, CannotResolveHostError | DNSLookupError):
        return "failed", f"cannot resolve host: {exc}"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return "failed", "connection refused"
    return "failed", f"{type(exc).__name__}: {exc}"


class ArticleSpider(scrapy.Spider):
    """Fetch queued articles from the database (``-a limit=N`` to take at most N)."""

    name = "article"
    db: Database
    """The knowledge base the queue is read from and pages are stored in (from_crawler)."""
    max_attempts: int
    timeout: float

    def __init__(self, limit: int | str | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.limit = int(limit) if limit not in (None, "") else None
        self.ledger = CrawlLedger()

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> ArticleSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, ArticleSpider)
        spider.db = Database(crawler.settings["FRONTLINE_DATABASE_URL"], migrate=False)
        spider.max_attempts = crawler.settings.getint("FRONTLINE_MAX_ATTEMPTS", 3)
        spider.timeout = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 20.0)
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        with self.db.session() as session:
            claimed = claim_articles(session, self.max_attempts, self.limit)
        logger.info("crawling %d queued articles", len(claimed))
        for queued in claimed:
            self.ledger.request(queued.id, queued.url)
            yield scrapy.Request(
                queued.url,
                callback=self.parse,
                errback=self.on_error,
                dont_filter=True,
                meta={"article_id": queued.id, "article_url": queued.url, "refresh_chain": ()},
            )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        meta = response.meta
        chain: tuple[str, ...] = meta["refresh_chain"]
        body = response.body if isinstance(response, TextResponse) else b""
        target = meta_refresh_target(body, response.url) if body else None
        seen = {canonicalize_url(u) for u in (*chain, response.url, meta["article_url"])}
        follow = canonicalize_url(target) if target else None
        if target and follow is not None and len(chain) < MAX_META_REFRESH and follow not in seen:
            yield response.follow(
                target,
                callback=self.parse,
                errback=self.on_error,
                dont_filter=True,
                meta={**meta, "refresh_chain": (*chain, response.url)},
            )
            return
        content_type = (response.headers.get(b"Content-Type", b"") or b"").decode("latin-1")
        yield ArticleItem(
            article_id=meta["article_id"],
            url=meta["article_url"],
            response_url=response.url,
            content_type=content_type,
            html=body,
            page=extract_page(body, response.url) if body else None,
            redirects=(*meta.get("redirect_urls", ()), *chain),
            refresh_target=target,
        )

    def on_error(self, failure: Failure) -> None:
        """Record why a request got no usable response (never raises)."""
        request = failure.request  # type: ignore[attr-defined]
        article_id, url = request.meta["article_id"], request.meta["article_url"]
        status, reason = describe_failure(failure, self.timeout)
        self.settle(article_id, url, status, reason)

    def settle(self, article_id: int, url: str, status: str, reason: str, **extra: Any) -> None:
        """Close an article's account as skipped or failed, on its row and in the ledger."""
        if not self.ledger.done(article_id):
            return
        logger.info("%s %s: %s", status, url, reason)
        with self.db.session() as session:
            if status == "skipped":
                skip_article(session, article_id, reason, extra.get("duplicate_of_id"))
            else:
                fail_article(session, article_id, reason, self.max_attempts)
        (self.ledger.skipped if status == "skipped" else self.ledger.failed).append(Skip(url, reason))

    def on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        """Articles that never got an answer (dropped requests, a stopped crawl) fail."""
        for article_id, url in list(self.ledger.pending.items()):
            self.settle(article_id, url, "failed", f"no response before the crawl ended ({reason})")
        self.db.dispose()

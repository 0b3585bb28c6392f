"""Item pipelines, one per concern, in ``ITEM_PIPELINES`` order: validate, dedupe, store.

Each pipeline either passes the item on or raises ``DropItem`` with a reason naming
the URL; the reason is recorded on the article's row (status ``skipped``) first.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crawlers.dedupe import PREFIX_CHARS, NearDuplicateIndex
from crawlers.text import Page, looks_like_consent_wall
from crawlers.urls import canonicalize_url, url_host
from storage.articles import ArticleRecord, content_hash, mark_article, upsert_article
from storage.database import Database
from storage.models import Article, utcnow
from storage.sources import add_article_url, article_for_url

logger = logging.getLogger(__name__)

NOT_ARTICLE_TYPES = ("video", "music", "product", "profile", "book")


class _Pipeline:
    """Shared plumbing: the crawler, the database, and recording a drop."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Any) -> _Pipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = Database(self.crawler.settings["FRONTLINE_DATABASE_URL"], migrate=False)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.dispose()

    def drop(self, item: Any, reason: str, duplicate_of_id: int | None = None) -> DropItem:
        """Record ``reason`` as the article's skip reason and return the DropItem to raise."""
        adapter = ItemAdapter(item)
        self.crawler.spider.settle(
            adapter["article_id"], adapter["url"], "skipped", reason, duplicate_of_id=duplicate_of_id
        )
        return DropItem(f"{adapter['url']}: {reason}")


class ValidatePipeline(_Pipeline):
    """Keep only HTML article pages with enough real text (no consent walls, no stubs)."""

    def open_spider(self) -> None:
        super().open_spider()
        self.min_chars = self.crawler.settings.getint("FRONTLINE_MIN_ARTICLE_CHARS", 200)

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        reason = self.problem(adapter)
        if reason is not None:
            raise self.drop(item, reason)
        return item

    def problem(self, adapter: ItemAdapter) -> str | None:
        """Why the page is not an article worth storing, or None."""
        content_type = (adapter.get("content_type") or "").lower()
        if content_type and "html" not in content_type:
            return f"not an HTML page ({content_type.split(';')[0]})"
        html = adapter.get("html") or b""
        if not html:
            return "empty or non-text response"
        target = adapter.get("refresh_target")  # read by the spider from this same html
        if target is not None:
            return f"meta refresh to {target} (loop or too many hops)"
        page: Page | None = adapter.get("page")
        if page is None or not page.text.strip():
            return "no article text found"
        if looks_like_consent_wall(page.text):
            return "consent wall, no article content"
        if page.page_type and page.page_type.startswith(NOT_ARTICLE_TYPES):
            return f"not an article (og:type {page.page_type})"
        if len(page.text) < self.min_chars:
            return f"too short ({len(page.text)} chars < {self.min_chars})"
        return None


class DedupePipeline(_Pipeline):
    """Drop a page whose text is already stored under another URL; link that URL to it.

    Exact copies are found by content hash; near-duplicates (a wire story rewritten a
    little by each outlet) by MinHash LSH over the recent articles' texts.
    """

    def open_spider(self) -> None:
        super().open_spider()
        settings = self.crawler.settings
        self.index = NearDuplicateIndex(settings.getfloat("FRONTLINE_NEAR_DUPLICATE_THRESHOLD", 0.7))
        since = utcnow() - dt.timedelta(days=settings.getint("FRONTLINE_NEAR_DUPLICATE_DAYS", 3))
        assert self.db is not None
        with self.db.session() as session:
            rows = session.execute(
                select(Article.id, func.substr(Article.text, 1, PREFIX_CHARS)).where(
                    Article.status.in_(("fetched", "extracted")),
                    Article.duplicate_of_id.is_(None),
                    Article.fetched_at >= since,
                )
            )
            for article_id, text in rows:
                self.index.add(article_id, text)
        logger.info("comparing new texts with %d recent articles", len(self.index))

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        page: Page = adapter["page"]
        article_id = adapter["article_id"]
        digest = content_hash(page.title, page.text)
        assert self.db is not None
        with self.db.session() as session:
            original = session.scalar(
                select(Article)
                .where(
                    Article.content_hash == digest,
                    Article.id != article_id,
                    Article.status.in_(("fetched", "extracted")),
                )
                .order_by(Article.id)
                .limit(1)
            )
            reason = "same text"
            if original is None:
                near = self.index.check(article_id, page.text)
                if near is not None and near[0] != article_id:
                    original = session.get(Article, near[0])
                    reason = f"near-duplicate, similarity {near[1]:.2f}"
            if original is None:
                return item
            copy = session.get(Article, article_id)
            if (
                copy is not None
                and original.status == "fetched"
                and _reported_earlier(publication(copy, page)[0], copy.id, original)
            ):
                self._demote(session, original, copy, reason)
                self.index.add(article_id, page.text)
                return item
            kind = _link_kind(original.canonical_url, adapter["url"])
            add_article_url(session, original, adapter["url"], kind, copy.outlet if copy else None)
            original_id = original.id
        raise self.drop(item, f"duplicate of article {original_id} ({reason})", original_id)

    def _demote(self, session: Session, stored: Article, earlier: Article, reason: str) -> None:
        """The page in hand is the earlier report: the stored, not yet read text becomes its copy.

        Which of two copies arrives first depends on the network; the earliest report
        (feed date, then queue order) is the one kept, so reruns agree.
        """
        why = f"duplicate of article {earlier.id} ({reason})"
        kind = _link_kind(earlier.canonical_url, stored.canonical_url)
        add_article_url(session, earlier, stored.canonical_url, kind, stored.outlet)
        stored.duplicate_of_id = earlier.id
        mark_article(session, stored, "skipped", why)
        self.index.remove(stored.id)
        self.crawler.spider.ledger.unstore(stored.id, stored.canonical_url, why)
        logger.info("skipped %s: %s (an earlier report arrived later)", stored.canonical_url, why)


def _link_kind(kept_url: str, copy_url: str) -> str:
    """How a copy's URL relates to the kept article: ``alias`` on the same host, else ``syndicated``."""
    return "alias" if url_host(kept_url) == url_host(copy_url) else "syndicated"


def _reported_earlier(published: dt.datetime | None, article_id: int, other: Article) -> bool:
    """Whether a page published then (queued as ``article_id``) came before ``other``."""
    far = dt.datetime.max.replace(tzinfo=dt.UTC)
    return (published or far, article_id) < (other.published or far, other.id)


def publication(article: Article, page: Page) -> tuple[dt.datetime | None, str | None]:
    """The date to store and its source: the page's metadata, else the feed's, else htmldate's."""
    if page.published_source != "meta" and article.published is not None:
        return article.published, article.published_source
    return page.published, page.published_source


class StorePipeline(_Pipeline):
    """Upsert the article's text under its queued canonical URL; keep its other URLs."""

    def process_item(self, item: Any) -> Any:
        adapter = ItemAdapter(item)
        page: Page = adapter["page"]
        assert self.db is not None
        with self.db.session() as session:
            article = session.get(Article, adapter["article_id"])
            if article is None:
                raise self.drop(item, "article row vanished during the crawl")
            published, source = publication(article, page)
            record = ArticleRecord(
                canonical_url=article.canonical_url,
                title=page.title or article.title,
                text=page.text,
                published=published,
                published_source=source,
                author=page.author,
                language=page.language,
            )
            upsert_article(session, record)
            if article.status != "fetched":  # same text as before: upsert changed nothing
                mark_article(session, article, "fetched")
            for other in (page.canonical_url, adapter["response_url"], *adapter.get("redirects", ())):
                url = canonicalize_url(other) if other else None
                if url and url != article.canonical_url and article_for_url(session, url) is None:
                    add_article_url(session, article, url, "alias")
        self.crawler.spider.ledger.store(adapter["article_id"])
        logger.debug("stored %s", adapter["url"])
        item["html"] = b""
        return item

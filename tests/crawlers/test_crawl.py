"""End to end on a local site: poll the feed, crawl the queue in a child process, again and again."""

from __future__ import annotations

from sqlalchemy import func, select

from crawlers.feeds import poll_feeds
from crawlers.registry import SourceSpec
from crawlers.run import crawl_queued
from frontline.settings import Settings
from storage.database import Database
from storage.models import Article, ArticleUrl
from tests.crawlers.conftest import Site


def _by_path(db: Database, site: Site) -> dict[str, Article]:
    with db.session() as session:
        return {a.canonical_url.removeprefix(site.base): a for a in session.scalars(select(Article))}


def test_poll_then_crawl_stores_good_pages_once_and_explains_the_rest(
    db: Database, site: Site, crawl_settings: Settings
) -> None:
    spec = SourceSpec(name="local-news", title="Local News", feeds=(site.url("/feed.xml"),))
    refresh_b_hits = site.hits["/hostile/meta_refresh_loop_b.html"]  # the site outlives one test
    busy_hits = site.hits["/busy.html"]
    polled = poll_feeds(db, [spec], crawl_settings)
    assert polled.queued == len(site.articles) + 12
    assert [s.reason for s in polled.skipped] == ["javascript: link rejected"]

    report = crawl_queued(db.url, crawl_settings)
    assert report.requested == polled.queued
    assert report.stored == len(site.articles)
    rows = _by_path(db, site)
    for stem in site.articles:
        article = rows[f"/news/{stem}.html"]
        assert article.status == "fetched" and len(article.text) >= crawl_settings.min_article_chars
        assert article.published is not None and article.published_source in ("feed", "meta")
        assert article.outlet == "local-news" and article.attempts == 1

    expected = {
        "/private/secret.html": ("skipped", "disallowed by robots.txt"),
        "/moved.html": ("skipped", "duplicate of article"),
        "/wire/copy.html": ("skipped", "duplicate of article"),
        "/wire/rewritten.html": ("skipped", "near-duplicate, similarity"),
        "/hostile/cookie_wall_only.html": ("skipped", "consent wall"),
        "/hostile/meta_refresh_loop_a.html": ("skipped", "meta refresh to"),
        "/hostile/deeply_nested.html": ("skipped", "too short"),
        "/missing.html": ("failed", "HTTP 404"),
        "/error.html": ("failed", "HTTP 500"),
        "/busy.html": ("failed", "HTTP 429"),
        "/slow.html": ("failed", "timed out"),
        "/big.html": ("failed", "download size limit"),
    }
    for path, (status, reason) in expected.items():
        assert rows[path].status == status, (path, rows[path].status_reason)
        assert reason in rows[path].status_reason, path
    assert site.hits["/private/secret.html"] == 0
    assert site.hits["/hostile/meta_refresh_loop_b.html"] == refresh_b_hits + 1  # followed once, loop seen
    assert site.hits["/busy.html"] == busy_hits + 2  # 429 retried once within the crawl
    assert {s.url.removeprefix(site.base) for s in report.failed} == {
        p for p, (status, _) in expected.items() if status == "failed"
    }

    wire = rows["/wire/copy.html"]
    with db.session() as session:
        urls = {u.url.removeprefix(site.base): u.article_id for u in session.scalars(select(ArticleUrl))}
    assert urls["/wire/copy.html"] == wire.duplicate_of_id == rows[f"/news/{site.articles[2]}.html"].id
    rewritten = rows["/wire/rewritten.html"]
    assert urls["/wire/rewritten.html"] == rewritten.duplicate_of_id == rows[f"/news/{site.articles[3]}.html"].id

    # A second poll and crawl add nothing; failed pages are tried again, up to the limit.
    assert poll_feeds(db, [spec], crawl_settings).queued == 0
    quick = crawl_settings.model_copy(update={"crawl_retry_times": 0, "crawl_max_attempts": 2})
    second = crawl_queued(db.url, quick)
    assert second.stored == 0 and second.requested == len(report.failed)
    assert crawl_queued(db.url, quick).requested == 0  # gave up after 2 attempts
    rows = _by_path(db, site)
    assert rows["/missing.html"].attempts == 2
    assert "gave up after 2 attempts" in rows["/missing.html"].status_reason
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Article)) == len(rows)
        assert session.scalar(
            select(func.count()).select_from(Article).where(Article.status == "fetched")
        ) == len(site.articles)


def test_the_earliest_report_is_kept_whichever_arrives_first(
    db: Database, site: Site, crawl_settings: Settings
) -> None:
    import datetime as dt

    from storage.articles import queue_article

    later, earlier = dt.datetime(2024, 3, 2, tzinfo=dt.UTC), dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    with db.session() as session:  # the agency copy (no date of its own) is queued first...
        copy, _ = queue_article(session, site.url("/wire/rewritten.html"), published=later, published_source="feed")
        first, _ = queue_article(
            session, site.url(f"/news/{site.articles[3]}.html"), published=earlier, published_source="feed"
        )
    limited = crawl_queued(db.url, crawl_settings, limit=1)  # ...and crawled first
    assert (limited.requested, limited.stored) == (1, 1)
    report = crawl_queued(db.url, crawl_settings)
    assert (report.requested, report.stored) == (1, 1)
    assert report.skipped[0].url == site.url("/wire/rewritten.html")
    with db.session() as session:
        copy_row, first_row = session.get(Article, copy.id), session.get(Article, first.id)
        assert first_row.status == "fetched" and first_row.duplicate_of_id is None
        assert copy_row.status == "skipped" and copy_row.duplicate_of_id == first.id
        assert f"duplicate of article {first.id}" in copy_row.status_reason
        urls = {u.url: u.article_id for u in session.scalars(select(ArticleUrl))}
        assert urls[site.url("/wire/rewritten.html")] == first.id


def test_a_crawl_that_overruns_is_stopped_and_leaves_honest_statuses(
    tmp_path, site: Site, crawl_settings: Settings
) -> None:
    import pytest

    from frontline.errors import FetchError
    from storage.articles import queue_article

    db = Database(f"sqlite:///{tmp_path / 'stopped.db'}")
    with db.session() as session:
        queue_article(session, site.url("/stall.html"))
    settings = crawl_settings.model_copy(update={"fetch_timeout": 60.0, "crawl_timeout": 12.0})
    with pytest.raises(FetchError, match="stopped after 12s"):
        crawl_queued(db.url, settings)
    with db.session() as session:
        article = session.scalar(select(Article))
        assert (article.status, article.status_reason, article.attempts) in {
            ("failed", "crawl did not finish", 1),
            ("queued", None, 0),  # stopped before it claimed anything (a very busy machine)
        }
    db.dispose()

"""Feeds: every shared and hostile fixture is read without a crash; polling records health."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawlers.feeds import ParsedFeed, parse_feed, poll_feeds
from crawlers.registry import SourceSpec
from frontline.errors import FeedError
from frontline.settings import Settings
from storage.database import Database
from storage.models import Article, Feed
from tests.conftest import SHARED
from tests.crawlers.conftest import Site

FEEDS = sorted((SHARED / "fixtures" / "feeds").glob("*.xml"))
HOSTILE = sorted(
    p for p in (SHARED / "fixtures" / "hostile").iterdir() if p.is_file() and p.name != ".gitignore"
)
NOT_FEEDS = {"binary_garbage.xml", "empty.xml", "html_error_page_as_feed.xml"}


def _parse(path: Path) -> ParsedFeed | None:
    try:
        return parse_feed(path.read_bytes(), f"https://news.example.com/{path.name}")
    except FeedError as exc:
        assert path.name in str(exc)  # the error names the feed
        return None


@pytest.mark.parametrize("path", FEEDS + HOSTILE, ids=lambda p: p.name)
def test_every_fixture_is_read_or_refused_with_a_reason(path: Path) -> None:
    parsed = _parse(path)
    if parsed is None:
        assert path.suffix != ".xml" or path.name in NOT_FEEDS
        return
    now = dt.datetime.now(dt.UTC)
    for entry in parsed.entries:
        assert entry.url.startswith(("http://", "https://"))
        assert "\x00" not in entry.title and "<script" not in entry.title.lower()
        assert not any(ord(c) < 32 for c in entry.title)
        if entry.published is not None:
            assert dt.datetime(1990, 1, 1, tzinfo=dt.UTC) <= entry.published <= now + dt.timedelta(days=2)


@pytest.mark.parametrize("path", FEEDS, ids=lambda p: p.name)
def test_real_feeds_give_entries(path: Path) -> None:
    parsed = _parse(path)
    assert parsed is not None and parsed.entries, path.name


@pytest.mark.parametrize("name", sorted(NOT_FEEDS))
def test_not_a_feed_is_refused(name: str) -> None:
    with pytest.raises(FeedError, match=name):
        parse_feed((SHARED / "fixtures" / "hostile" / name).read_bytes(), f"https://x.uk/{name}")


def hostile(name: str) -> ParsedFeed:
    return parse_feed((SHARED / "fixtures" / "hostile" / name).read_bytes(), "https://news.example.com/feed")


def test_javascript_links_are_rejected_and_titles_are_plain_text() -> None:
    parsed = hostile("rss_script_in_title_description.xml")
    assert [s.reason for s in parsed.skipped] == ["javascript: link rejected"]
    assert all("<" not in e.title for e in parsed.entries)


def test_control_characters_are_stripped() -> None:
    parsed = hostile("control_chars_in_feed.xml")
    assert len(parsed.entries) == 2 and parsed.bozo
    for entry in parsed.entries:
        assert not any(ord(c) < 32 for c in entry.title + entry.url)


def test_impossible_dates_count_as_missing() -> None:
    parsed = hostile("dates_far_future_and_year0001.xml")
    dates = {e.title: e.published for e in parsed.entries}
    for title in ("Far future (year 9999)", "Year 0001", "30 February", "Negative year", "Unix epoch zero"):
        assert dates[title] is None, title


def test_broken_feeds_keep_what_parses() -> None:
    truncated = hostile("truncated_feed.xml")
    assert truncated.bozo and truncated.entries[0].title == "Council approves new budget"
    latin1 = hostile("utf8_declared_latin1_bytes.xml")
    assert latin1.entries[0].title.startswith("Élection à Montréal")
    assert hostile("billion_laughs.xml").bozo  # not expanded, flagged
    assert hostile("feed_no_items.xml").entries == ()


def test_items_without_links_are_skipped_with_reasons() -> None:
    parsed = hostile("items_without_links_or_dates.xml")
    assert parsed.entries == () and len(parsed.skipped) == 6
    assert {s.reason for s in parsed.skipped} == {"no http(s) link"}


def test_relative_links_resolve_against_the_site() -> None:
    parsed = _parse(SHARED / "fixtures" / "feeds" / "atom_talkingpointsmemo.xml")
    assert parsed is not None and len(parsed.entries) == 20
    assert parsed.entries[0].url.startswith("http://talkingpointsmemo.com/livewire/")


def test_google_redirect_links_are_unwrapped() -> None:
    parsed = _parse(SHARED / "fixtures" / "feeds" / "atom_google_alerts_html_titles.xml")
    assert parsed is not None
    assert not any("google.com/url" in e.url for e in parsed.entries)
    assert all("<b>" not in e.title for e in parsed.entries)


def _count(db: Database, model: type) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_poll_queues_new_entries_once_and_uses_conditional_get(
    db: Database, site: Site, crawl_settings: Settings
) -> None:
    spec = SourceSpec(name="local", feeds=(site.url("/feed.xml"), site.url("/feeds/rss2_guardian_media.xml")))
    first = poll_feeds(db, [spec], crawl_settings)
    assert first.feeds_polled == 2 and first.feeds_failed == 0
    assert first.queued == first.entries_seen == _count(db, Article)
    with db.session() as session:
        article = session.scalar(select(Article).where(Article.canonical_url.like("%/news/%")).limit(1))
        assert article.status == "queued" and article.outlet == "local"
        assert article.published_source == "feed" and article.published is not None
        feed = session.scalar(select(Feed).where(Feed.url == site.url("/feed.xml")))
        assert feed.etag == '"v1"' and feed.last_success is not None and feed.items_seen > 0
    hits = site.hits["/feed.xml"]
    second = poll_feeds(db, [spec], crawl_settings)
    assert second.queued == 0 and second.feeds_failed == 0
    assert site.hits["/feed.xml"] == hits + 1  # answered 304 Not Modified
    assert _count(db, Article) == first.queued


def test_failing_feeds_are_recorded_and_do_not_stop_the_others(
    db: Database, site: Site, crawl_settings: Settings
) -> None:
    bad = [site.url("/missing.xml"), site.url("/hostile/binary_garbage.xml"), site.url("/slow.html"),
           site.url("/hostile/empty.xml"), site.url("/to-javascript.xml")]
    good = SourceSpec(name="good", feeds=(site.url("/feeds/atom_heise_developer_de.xml"),))
    report = poll_feeds(db, [SourceSpec(name="bad", feeds=tuple(bad)), good], crawl_settings)
    assert report.feeds_polled == 6 and report.feeds_failed == 5 and report.queued == 15
    reasons = {s.url: s.reason for s in report.failures}
    assert "HTTP 404" in reasons[bad[0]] and "not a feed" in reasons[bad[1]]
    assert "InvalidURL" in reasons[bad[4]]  # a redirect to javascript: fails alone
    assert "timed out" in reasons[bad[2]] or "no complete body" in reasons[bad[2]]
    poll_feeds(db, [SourceSpec(name="bad", feeds=tuple(bad))], crawl_settings)
    with db.session() as session:
        feed = session.scalar(select(Feed).where(Feed.url == bad[0]))
        assert feed.consecutive_failures == 2 and "404" in feed.last_error


def test_every_hostile_feed_polls_without_a_crash(db: Database, site: Site, crawl_settings: Settings) -> None:
    urls = tuple(site.url(f"/hostile/{p.name}") for p in HOSTILE if p.suffix == ".xml")
    report = poll_feeds(db, [SourceSpec(name="hostile", feeds=urls)], crawl_settings)
    assert report.feeds_polled == len(urls)
    assert report.feeds_failed == len(NOT_FEEDS)
    with db.session() as session:
        for article in session.scalars(select(Article)):
            assert "\x00" not in article.title and article.canonical_url.startswith("http")


def test_disabled_sources_are_not_polled(db: Database, site: Site, crawl_settings: Settings) -> None:
    spec = SourceSpec(name="off", feeds=(site.url("/feeds/rss1_rdf_science_twis.xml"),), enabled=False)
    assert poll_feeds(db, [spec], crawl_settings).feeds_polled == 0

"""The demo news site: feeds dated from the server's start, well-formed article pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import feedparser
import httpx
import pytest
from lxml import html

from demo.run import write_demo_sources
from demo.serve import LONDON, OUTLETS, DemoSite, load_pages, serve_demo_site

NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)  # a Tuesday


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server, base_url = serve_demo_site(0, now=NOW)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


def test_pages_are_many_and_long_enough() -> None:
    pages = load_pages()
    assert 12 <= len(pages) <= 16
    for page in pages:
        words = len(html.fromstring(page.body).text_content().split())
        assert 200 <= words <= 500, f"{page.slug} has {words} words"


def test_feeds_list_every_page_newest_first_with_dates_before_the_start(site: str) -> None:
    seen = 0
    for slug in OUTLETS:
        response = httpx.get(f"{site}/{slug}/feed.xml")
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/rss+xml")
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.get("bozo_exception")
        dates = [dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC) for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)
        assert all(NOW - dt.timedelta(days=5) < when <= NOW for when in dates)
        assert all(entry.link.startswith(f"{site}/{slug}/news/") for entry in feed.entries)
        seen += len(feed.entries)
    assert seen == len(load_pages())


def test_article_page_has_canonical_og_and_time_of_its_day(site: str) -> None:
    body = httpx.get(f"{site}/gazette/news/stafford-officer-dragged-by-car").text
    tree = html.fromstring(body)
    url = f"{site}/gazette/news/stafford-officer-dragged-by-car"
    assert tree.xpath("//link[@rel='canonical']/@href") == [url]
    assert tree.xpath("//meta[@property='og:url']/@content") == [url]
    assert tree.xpath("//article/h1/text()") == ["Officer dragged along road by car during traffic stop in Stafford"]
    (stamp,) = tree.xpath("//article//time/@datetime")
    assert dt.datetime.fromisoformat(stamp).astimezone(LONDON).date() == dt.date(2026, 3, 7)
    # {{date:3}} in the body became the date three days before the start
    assert "on Saturday 7 March" in tree.xpath("string(//article)")
    assert "{{" not in body


def test_stories_from_today_are_never_dated_after_the_start() -> None:
    early = dt.datetime(2026, 3, 10, 6, 0, tzinfo=dt.UTC)
    site = DemoSite("http://127.0.0.1:1", now=early)
    for page in site.pages:
        assert site.published(page) <= early


def test_robots_unknown_paths_and_conditional_get(site: str) -> None:
    assert "Disallow: /admin/" in httpx.get(f"{site}/robots.txt").text
    assert httpx.get(f"{site}/gazette/news/no-such-story").status_code == 404
    first = httpx.get(f"{site}/courier/feed.xml")
    again = httpx.get(f"{site}/courier/feed.xml", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304


def test_demo_sources_point_at_the_served_site(tmp_path: Path, site: str) -> None:
    from crawlers.registry import load_sources

    sources = load_sources(write_demo_sources(site, tmp_path / "sources.yaml"))
    feeds = [url for source in sources for url in source.feeds]
    assert sorted(feeds) == sorted(f"{site}/{slug}/feed.xml" for slug in OUTLETS)
    assert all(httpx.get(url).status_code == 200 for url in feeds)

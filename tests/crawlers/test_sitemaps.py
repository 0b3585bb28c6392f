"""News sitemaps and listing pages: parsed safely, polled like feeds."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from crawlers.feeds import poll_feeds
from crawlers.listings import parse_listing
from crawlers.registry import ListingSpec, SourceSpec
from crawlers.sitemaps import parse_sitemap
from frontline.errors import FeedError
from frontline.settings import Settings
from storage.database import Database
from storage.models import Article, Feed
from tests.conftest import SHARED
from tests.crawlers.conftest import Site

SITEMAPS = SHARED / "fixtures" / "sitemaps"


def test_news_sitemap_gives_titles_and_dates() -> None:
    parsed = parse_sitemap((SITEMAPS / "google_news_sitemap_nytimes.xml").read_bytes(), "https://www.nytimes.com/sitemap.xml")
    assert len(parsed.entries) == 6
    first = parsed.entries[0]
    assert first.url == "https://www.nytimes.com/interactive/2020/05/11/magazine/quarantine-insanity.html"
    assert first.title.startswith("Quarantine Was Driving Me Crazy") and first.published.year == 2020


def test_index_children_skip_itself_and_read_cdata() -> None:
    own = "https://raw.githubusercontent.com/eliasdabbas/advertools/master/tests/data/sitemap_testing/sitemap_index.xml"
    parsed = parse_sitemap((SITEMAPS / "sitemap_index_self_referencing.xml").read_bytes(), own)
    assert len(parsed.children) == 3 and own not in parsed.children
    cdata = parse_sitemap((SITEMAPS / "sitemap_index_cdata_loc.xml").read_bytes(), "https://x.uk/s.xml")
    assert cdata.children == ("http://www.example.com/sitemap1.xml.gz", "http://www.example.com/sitemap2.xml.gz")


@pytest.mark.parametrize(
    "path", sorted((SHARED / "fixtures" / "hostile").glob("*.xml")), ids=lambda p: p.name
)
def test_hostile_xml_is_refused_as_a_sitemap(path: Path) -> None:
    with pytest.raises(FeedError, match="x.uk"):
        parse_sitemap(path.read_bytes(), "https://x.uk/sitemap.xml")


def test_entities_are_never_expanded() -> None:
    bomb = (SHARED / "fixtures" / "hostile" / "billion_laughs.xml").read_bytes()
    body = bomb.replace(b"<rss", b"<urlset").replace(b"</rss>", b"</urlset>")
    body = body.replace(b"<item>", b"<url><loc>https://x.uk/&lol9;</loc>").replace(b"</item>", b"</url>")
    parsed = parse_sitemap(body, "https://x.uk/s.xml")
    assert all(len(e.url) < 100 and "lol" * 10 not in e.url for e in parsed.entries)


def test_listing_links_on_the_same_site_only() -> None:
    html = (
        b"<ul><li class='s'><a href='/news/a.html?utm_source=x'>A</a></li>"
        b"<li class='s'><a href='javascript:alert(1)'>B</a></li>"
        b"<li class='s'><a href='https://other.uk/c'>C</a></li>"
        b"<li class='s'><a href='https://www.site.uk/news/d.html'>D</a></li></ul><a href='/about'>About</a>"
    )
    entries = parse_listing(html, "https://site.uk/news/", css="li.s")
    assert [e.url for e in entries] == ["https://site.uk/news/a.html", "https://www.site.uk/news/d.html"]
    assert entries[0].title == "A"
    by_xpath = parse_listing(html, "https://site.uk/news/", xpath="//li/a/@href")
    assert len(by_xpath) == 2
    with pytest.raises(FeedError, match="bad selector"):
        parse_listing(html, "https://site.uk/news/", xpath="//li[")


def test_poll_reads_sitemaps_and_listings(db: Database, site: Site, crawl_settings: Settings) -> None:
    specs = [
        SourceSpec(name="by-sitemap", sitemaps=(site.url("/sitemap-index.xml"),)),
        SourceSpec(name="by-listing", listing=ListingSpec(url=site.url("/listing.html"), css="li.story")),
        SourceSpec(name="hidden", listing=ListingSpec(url=site.url("/private/listing.html"))),
    ]
    report = poll_feeds(db, specs, crawl_settings)
    assert report.feeds_polled == 3 and report.feeds_failed == 1
    assert "robots.txt" in report.failures[0].reason
    assert report.entries_seen == 3 + 4 and report.queued == 4  # the sitemap's 3 are among the listing's 4
    with db.session() as session:
        titles = {a.title for a in session.scalars(select(Article))}
        sitemap = session.scalar(select(Feed).where(Feed.kind == "sitemap"))
        assert "missing-sitemap.xml" in (sitemap.last_error or "")
    assert {"Sitemap story 0", "Story 3"} <= titles
    assert site.hits["/private/listing.html"] == 0

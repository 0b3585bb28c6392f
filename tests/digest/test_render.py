"""Rendering: scraped text is escaped, only http(s) links survive, the chart is a real PNG."""

from __future__ import annotations

import struct
import zlib

import pytest

from digest.chart import bar_chart
from digest.content import build_digest
from digest.links import safe_url
from digest.render import render, render_html
from tests.digest.conftest import DAY, add_incident, at

HOSTILE_TITLE = '<script>alert("x")</script> Officer [hurt](javascript:alert(1)) <img src=https://evil.example/x.png>'


@pytest.mark.parametrize(
    "url,expected",
    [
        ("https://news.example.org/a?b=1&c=2", "https://news.example.org/a?b=1&c=2"),
        ("HTTP://News.Example.org/a b", "http://news.example.org/a%20b"),
        ("https://example.org/a(b)", "https://example.org/a%28b%29"),
        ("javascript:alert(1)", None),
        (" JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("vbscript:x", None),
        ("//example.org/x", None),
        ("https://user:pw@example.org/", None),
        ("https://exa\nmple.org/", None),
        ("https:///nohost", None),
        ("", None),
        (None, None),
    ],
)
def test_safe_url(url, expected) -> None:
    assert safe_url(url) == expected


@pytest.fixture
def hostile_digest(db):
    with db.session() as session:
        add_incident(
            session,
            reported=at(DAY, 9),
            location="Leeds <b>centre</b>",
            articles=[
                {
                    "title": HOSTILE_TITLE,
                    "url": "javascript:alert(document.cookie)",
                    "outlet": "Bad <i>Outlet</i>",
                },
                {
                    "title": "Fine story",
                    "url": "https://ok.example.org/story",
                    "outlet": "Good News",
                },
            ],
        )
        return build_digest(session, DAY)


def test_html_escapes_scraped_text_and_drops_unsafe_links(hostile_digest) -> None:
    html = render(hostile_digest, "html")
    assert "<script" not in html.lower()
    assert "&lt;script&gt;" in html
    assert "document.cookie" not in html  # the javascript: link is dropped
    assert 'href="javascript' not in html.lower()
    assert "<img src=https://evil" not in html and 'src="https://' not in html
    assert "Bad &lt;i&gt;Outlet&lt;/i&gt;" in html
    assert 'href="https://ok.example.org/story"' in html
    assert "<style" not in html  # CSS inlined for mail clients
    assert 'style="' in html


def test_markdown_escapes_html_and_markdown_syntax(hostile_digest) -> None:
    md = render(hostile_digest, "md")
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "document.cookie" not in md
    assert "\\[hurt\\](javascript" in md  # escaped brackets: a title cannot make its own link
    assert "[Fine story](<https://ok.example.org/story>)" in md


def test_text_keeps_titles_readable(hostile_digest) -> None:
    text = render(hostile_digest, "text")
    assert "Fine story" in text and "https://ok.example.org/story" in text
    assert "document.cookie" not in text


def test_html_chart_source_must_be_inline(hostile_digest) -> None:
    with pytest.raises(ValueError):
        render_html(hostile_digest, chart_src="https://evil.example/chart.png")


def _decode_png(png: bytes) -> tuple[int, int, bytes]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, {}
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind, data = png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]
        (crc,) = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])
        assert crc == zlib.crc32(kind + data) & 0xFFFFFFFF
        chunks[kind] = chunks.get(kind, b"") + data
        pos += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    assert (depth, colour) == (8, 2)
    return width, height, zlib.decompress(chunks[b"IDAT"])


def test_chart_is_a_valid_png_with_the_last_bar_highlighted() -> None:
    png = bar_chart([0, 1, 3], bar_width=10, gap=2, height=30, padding=4)
    width, height, raw = _decode_png(png)
    assert (width, height) == (4 * 2 + 3 * 10 + 2 * 2, 38)
    rows = [raw[y * (1 + 3 * width) + 1 : (y + 1) * (1 + 3 * width)] for y in range(height)]
    last_bar_x = 4 + 2 * 12 + 5
    assert rows[height - 6][3 * last_bar_x : 3 * last_bar_x + 3] == bytes((196, 40, 40))
    assert len(png) < 2000


def test_markdown_tables_and_small_averages(kb) -> None:
    with kb.session() as session:
        md = render(build_digest(session, DAY), "md")
    assert "| Kent Police | 1 | 0.1 | 0.04 |" in md  # 1 in 7 days; 1 in 28 is not "0.0"
    assert "| **All** | **2** | 0.4 | 0.2 |" in md


@pytest.mark.parametrize(("fmt", "numbers"), [("md", "## In numbers"), ("text", "IN NUMBERS"),
                                              ("html", "In numbers</h2>")])
def test_the_gravest_incidents_come_before_the_tables(kb, fmt: str, numbers: str) -> None:
    with kb.session() as session:
        digest = build_digest(session, DAY)
    body = render(digest, fmt)
    assert [i.severity for i in digest.gravest] == ["killed", "serious"]
    assert body.index("Dover") < body.index(numbers) and body.index("Maidstone") < body.index(numbers)
    assert body.index("Maidstone") < body.index("Basildon")  # seriously injured before injured


def test_times_only_where_the_source_gave_one_and_years_when_not_this_year() -> None:
    import datetime as dt

    from digest.render import environment

    local_time = environment().filters["local_time"]
    this_year = dt.date.today().year
    assert local_time(dt.datetime(this_year, 3, 2, 0, 0, tzinfo=dt.UTC), "Europe/London") == "2 Mar"
    assert local_time(dt.datetime(this_year, 7, 2, 13, 5, tzinfo=dt.UTC), "Europe/London") == "14:05 2 Jul"
    assert local_time(dt.datetime(2020, 7, 2, 13, 5, tzinfo=dt.UTC), "Europe/London") == "14:05 2 Jul 2020"
    assert local_time(None, "Europe/London") == "time not known"


def test_outlets_given_as_slugs_are_named_as_readers_know_them() -> None:
    from digest.sources import outlet_name
    from storage.models import Article

    def named(outlet: str) -> str:
        return outlet_name(Article(canonical_url="https://example.org/a", outlet=outlet))

    assert named("the-borough-gazette") == "The Borough Gazette"  # not in the registry
    from crawlers.registry import load_sources

    argus = next(spec for spec in load_sources() if spec.name == "the-argus")
    assert named("the-argus") == (argus.title or "The Argus")
    assert named("BBC News") == "BBC News"
    assert named("kentonline") == "kentonline"

"""Canonical URLs: one spelling per article, and nothing that is not http(s)."""

from __future__ import annotations

import pytest

from crawlers.urls import canonicalize_url


@pytest.mark.parametrize(
    "url,expected",
    [
        ("HTTPS://WWW.BBC.CO.UK/news/uk-1", "https://www.bbc.co.uk/news/uk-1"),
        ("https://www.bbc.co.uk/news/uk-1#comments", "https://www.bbc.co.uk/news/uk-1"),
        ("https://www.bbc.co.uk/news/uk-1/", "https://www.bbc.co.uk/news/uk-1"),
        ("https://www.bbc.co.uk", "https://www.bbc.co.uk/"),
        ("https://www.bbc.co.uk/news/amp/uk-1", "https://www.bbc.co.uk/news/uk-1"),
        ("https://amp.theguardian.com/uk-news/2024/a", "https://theguardian.com/uk-news/2024/a"),
        ("https://m.mirror.co.uk/news/a?service=rss", "https://mirror.co.uk/news/a?service=rss"),
        ("https://www.independent.co.uk/news/a.html?amp", "https://www.independent.co.uk/news/a.html"),
        ("https://x.co.uk/a?outputType=amp&id=3", "https://x.co.uk/a?id=3"),
        (
            "https://x.co.uk/a?utm_source=rss&utm_medium=feed&fbclid=1&gclid=2&mc_cid=3&ocid=4"
            "&cmpid=5&at_medium=6&at_campaign=7&id=9",
            "https://x.co.uk/a?id=9",
        ),
        ("https://x.co.uk/a?b=2&a=1", "https://x.co.uk/a?a=1&b=2"),
        ("http://x.co.uk:80/a", "http://x.co.uk/a"),
        ("https://x.co.uk:443/a", "https://x.co.uk/a"),
        ("http://127.0.0.1:8000/news/1.html", "http://127.0.0.1:8000/news/1.html"),
        ("  https://x.co.uk/a\n", "https://x.co.uk/a"),
        ("https://x.co.uk/pr\x00ice\x07cut", "https://x.co.uk/pricecut"),
        ("https://user:pw@x.co.uk/a", "https://x.co.uk/a"),
        ("https://x.co.uk//a//b", "https://x.co.uk/a/b"),
        ("https://x.co.uk/caf%C3%A9", "https://x.co.uk/caf%C3%A9"),
        ("https://x.co.uk/a%2Db", "https://x.co.uk/a-b"),
    ],
)
def test_canonical_form(url: str, expected: str) -> None:
    assert canonicalize_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "mailto:news@example.com",
        "ftp://example.com/a",
        "/relative/path",
        "//example.com/no-scheme",
        "",
        "http://",
        "https://x.co.uk:99999/a",
        "urn:uuid:8d2f3c1e-0000-4000-8000-000000000001",
    ],
)
def test_non_http_urls_give_none(url: str) -> None:
    assert canonicalize_url(url) is None


def test_canonicalising_twice_changes_nothing() -> None:
    once = canonicalize_url("https://M.Example.co.uk/News/amp/Story/?utm_source=x&b=2&a=1#top")
    assert once == "https://example.co.uk/News/Story?a=1&b=2"
    assert canonicalize_url(once) == once

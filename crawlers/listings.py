"""Listing pages: the article links of a news index page, found by a CSS or XPath selector.

For sites with neither a feed nor a news sitemap (most police forces' newsrooms),
the registry names a listing page and the selector of its article links.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from crawlers.reports import FeedEntry
from crawlers.sanitize import plain_text
from crawlers.urls import canonicalize_url, url_host
from frontline.errors import FeedError

logger = logging.getLogger(__name__)


def _same_site(a: str, b: str) -> bool:
    return url_host(a).removeprefix("www.") == url_host(b).removeprefix("www.")


def parse_listing(
    body: bytes | str, url: str, css: str | None = None, xpath: str | None = None
) -> tuple[FeedEntry, ...]:
    """The links of the listing page ``url`` matched by ``css`` or ``xpath`` (default: all links).

    Only links to the listing's own site are kept, canonicalised, each once, never the
    listing page itself. Raises :class:`FeedError` naming ``url`` for an unusable
    page or selector.
    """
    if not body or not body.strip():
        raise FeedError(f"{url}: empty listing page")
    try:
        tree = lxml_html.fromstring(body)
    except (etree.ParserError, ValueError) as exc:
        raise FeedError(f"{url}: unreadable listing page ({exc})") from exc
    try:
        found = tree.xpath(xpath) if xpath else tree.cssselect(css or "a[href]")
    except Exception as exc:  # cssselect and lxml raise several selector error types
        raise FeedError(f"{url}: bad selector {xpath or css!r}: {exc}") from exc
    own = canonicalize_url(url)
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for item in found:
        if isinstance(item, str):
            pairs = [(str(item), "")]
        elif item.tag == "a":
            pairs = [(item.get("href") or "", item.text_content())]
        else:
            pairs = [(a.get("href") or "", a.text_content()) for a in item.iter("a")]
        for href, text in pairs:
            link = canonicalize_url(urljoin(url, href.strip())) if href.strip() else None
            if link is None or link == own or link in seen or not _same_site(link, url):
                continue
            seen.add(link)
            entries.append(FeedEntry(url=link, title=plain_text(text)[:500]))
    return tuple(entries)

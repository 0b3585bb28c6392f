"""News sitemaps and sitemap indexes: article URLs with their titles and dates.

Read with lxml in its safe mode (no entity expansion, no network, no DTD loading),
so billion-laughs and XXE payloads stay inert; gzip bodies are opened with the same
size cap as downloads.
"""

from __future__ import annotations

import gzip
import io
import logging
from dataclasses import dataclass

from lxml import etree

from crawlers.dates import parse_iso_date
from crawlers.reports import FeedEntry, Skip
from crawlers.sanitize import plain_text
from crawlers.urls import canonicalize_url
from frontline.errors import FeedError

logger = logging.getLogger(__name__)

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class ParsedSitemap:
    """The article entries of a urlset, or the child sitemaps of an index."""

    url: str
    entries: tuple[FeedEntry, ...] = ()
    children: tuple[str, ...] = ()
    skipped: tuple[Skip, ...] = ()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )


def _ungzip(body: bytes, url: str, maxsize: int) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as stream:
            data = stream.read(maxsize + 1)
    except (OSError, EOFError) as exc:
        raise FeedError(f"{url}: broken gzip sitemap: {exc}") from exc
    if len(data) > maxsize:
        raise FeedError(f"{url}: sitemap larger than {maxsize} bytes once unzipped")
    return data


def _text(element: etree._Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def parse_sitemap(body: bytes, url: str, maxsize: int = 50 * 1024 * 1024) -> ParsedSitemap:
    """Read a sitemap (plain or gzipped) fetched from ``url``.

    Raises :class:`FeedError` naming ``url`` when the body is not a sitemap.
    """
    if body.startswith(GZIP_MAGIC):
        body = _ungzip(body, url, maxsize)
    if not body.strip():
        raise FeedError(f"{url}: empty response, not a sitemap")
    try:
        root = etree.fromstring(body, parser=_parser())
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"{url}: not a sitemap ({exc})") from exc
    if root is None:
        raise FeedError(f"{url}: not a sitemap (no XML root)")
    tag = etree.QName(root).localname
    if tag == "sitemapindex":
        children = []
        for loc in root.iter(f"{SM}loc", "loc"):
            child = canonicalize_url(_text(loc))
            if child and child != canonicalize_url(url) and child not in children:
                children.append(child)
        return ParsedSitemap(url, children=tuple(children))
    if tag != "urlset":
        raise FeedError(f"{url}: not a sitemap (root element <{tag}>)")
    entries: list[FeedEntry] = []
    skipped: list[Skip] = []
    seen: set[str] = set()
    for node in root.iter(f"{SM}url", "url"):
        raw = _text(node.find(f"{SM}loc")) or _text(node.find("loc"))
        link = canonicalize_url(raw)
        if link is None:
            skipped.append(Skip(plain_text(raw)[:500] or f"{url}#url", "no http(s) link"))
            continue
        if link in seen:
            continue
        seen.add(link)
        title = plain_text(_text(node.find(f"{NEWS}news/{NEWS}title")))
        published = parse_iso_date(_text(node.find(f"{NEWS}news/{NEWS}publication_date")))
        published = published or parse_iso_date(_text(node.find(f"{SM}lastmod")))
        entries.append(FeedEntry(url=link, title=title, published=published))
    return ParsedSitemap(url, entries=tuple(entries), skipped=tuple(skipped))

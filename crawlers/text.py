"""The one trafilatura adapter: article text and metadata from a page's HTML.

Swapping extractors touches this file only. Besides trafilatura's text, title and
author, the page's own markup gives the canonical URL (``rel=canonical``), the
language (``<html lang>``) and the publication date: first the page metadata
(``article:published_time``, ``itemprop=datePublished``, JSON-LD), then
trafilatura's htmldate guess. Two detectors catch pages that are not articles
although trafilatura returns text for them: consent walls and meta-refresh stubs.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin

import trafilatura
from lxml import html as lxml_html
from trafilatura.utils import load_html

from crawlers.dates import parse_iso_date
from crawlers.sanitize import plain_lines, plain_text
from crawlers.urls import canonicalize_url

logger = logging.getLogger(__name__)

_META_DATE_XPATHS = (
    '//meta[@property="article:published_time"]/@content',
    '//meta[@property="og:published_time"]/@content',
    '//meta[@itemprop="datePublished"]/@content',
    '//*[@itemprop="datePublished"]/@datetime',
    '//meta[@name="pubdate" or @name="publishdate" or @name="publish-date" or @name="date"]/@content',
    '//meta[@name="dc.date.issued" or @name="DC.date.issued" or @name="DCTERMS.issued"]/@content',
    '//meta[@name="parsely-pub-date" or @name="sailthru.date" or @name="article.published"]/@content',
)
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_REFRESH_TAG = re.compile(rb"<meta\b[^>]*http-equiv\s*=\s*[\"']?refresh[^>]*>", re.IGNORECASE)
_REFRESH_CONTENT = re.compile(
    rb"""content\s*=\s*["']\s*(\d+(?:\.\d+)?)?\s*[;,]?\s*(?:url\s*=\s*)?['"]?([^"'>\s]*)""",
    re.IGNORECASE,
)
REFRESH_MAX_DELAY = 10
_CONSENT_PHRASES = (
    "cookie", "consent", "our partners", "your privacy", "personalised ads",
    "personalized ads", "accept all", "reject all", "manage options", "your preferences",
    "legitimate interest", "store and/or access information",
)
CONSENT_WALL_MAX_CHARS = 3000


@dataclass(frozen=True)
class Page:
    """What a page says: its article text and metadata (dates in UTC)."""

    url: str
    text: str
    title: str
    author: str | None = None
    published: dt.datetime | None = None
    published_source: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    page_type: str | None = None


def _first_xpath(tree: lxml_html.HtmlElement, xpath: str) -> str | None:
    try:
        found = tree.xpath(xpath)
    except Exception:  # lxml raises XPathEvalError subclasses on odd documents
        return None
    return str(found[0]).strip() if found else None


def meta_published(tree: lxml_html.HtmlElement) -> dt.datetime | None:
    """The publication time the page's metadata states (meta tags, then JSON-LD)."""
    for xpath in _META_DATE_XPATHS:
        value = parse_iso_date(_first_xpath(tree, xpath))
        if value is not None:
            return value
    for script in tree.xpath('//script[@type="application/ld+json"]/text()')[:10]:
        match = _JSONLD_DATE.search(str(script))
        if match:
            value = parse_iso_date(match.group(1))
            if value is not None:
                return value
    return None


def canonical_link(tree: lxml_html.HtmlElement, url: str) -> str | None:
    """The page's ``rel=canonical`` URL, canonicalised; None when absent or not http(s)."""
    href = _first_xpath(tree, '//link[translate(@rel, "CANONIAL", "canonial")="canonical"]/@href')
    if not href:
        return None
    return canonicalize_url(urljoin(url, href))


def page_language(tree: lxml_html.HtmlElement) -> str | None:
    """The primary language subtag of ``<html lang>`` (``en-GB`` → ``en``)."""
    lang = (tree.get("lang") or tree.get("xml:lang") or "").strip().lower()
    primary = lang.split("-")[0].split("_")[0]
    return primary[:10] if primary.isalpha() else None


def meta_refresh_target(html: bytes | str, url: str) -> str | None:
    """Where a ``<meta http-equiv="refresh">`` sends the reader at once, as an absolute URL.

    Refreshes after more than ``REFRESH_MAX_DELAY`` seconds, and a page reloading
    itself, are page reloads rather than redirects: None.
    """
    head = html[:65536].encode("utf-8", "replace") if isinstance(html, str) else html[:65536]
    for tag in _REFRESH_TAG.findall(head):
        match = _REFRESH_CONTENT.search(tag)
        if match is None or not match.group(2):
            continue
        delay = float(match.group(1) or 0)
        target = urljoin(url, match.group(2).decode("utf-8", "replace"))
        if delay <= REFRESH_MAX_DELAY and canonicalize_url(target) != canonicalize_url(url):
            return target
    return None


def looks_like_consent_wall(text: str) -> bool:
    """True when ``text`` is a short cookie/consent notice rather than an article."""
    if len(text) > CONSENT_WALL_MAX_CHARS:
        return False
    lowered = text.lower()
    return sum(phrase in lowered for phrase in _CONSENT_PHRASES) >= 3


def extract_page(html: bytes | str, url: str) -> Page | None:
    """The article in ``html`` fetched from ``url``, or None when no text can be read.

    Never raises on bad markup: an unparsable page is logged and gives None.
    """
    try:
        tree = load_html(html)
    except Exception as exc:  # lxml and trafilatura raise many types on broken bytes
        logger.debug("cannot parse %s: %s", url, exc)
        return None
    if tree is None:
        return None
    published = meta_published(tree)
    source = "meta" if published is not None else None
    canonical = canonical_link(tree, url)
    language = page_language(tree)
    try:
        document = trafilatura.bare_extraction(tree, url=url, with_metadata=True)
    except (RecursionError, ValueError, TypeError) as exc:
        logger.debug("trafilatura failed on %s: %s", url, exc)
        return None
    if document is None or isinstance(document, dict) or not getattr(document, "text", None):
        return None
    if published is None and document.date:
        published = parse_iso_date(document.date)
        source = "htmldate" if published is not None else None
    return Page(
        url=url,
        text=plain_lines(document.text),
        title=plain_text(document.title),
        author=plain_text(document.author) or None,
        published=published,
        published_source=source,
        canonical_url=canonical,
        language=language or (document.language or None),
        page_type=(document.pagetype or "").lower() or None,
    )

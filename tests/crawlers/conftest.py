"""A local news site on 127.0.0.1 for crawler tests: real fixture pages and feeds, plus trouble.

The site serves the shared article pages under ``/news/``, the shared and hostile
feeds under ``/feeds/`` and ``/hostile/``, a feed of its own at ``/feed.xml`` that
links every kind of page a crawler meets (good, redirected, disallowed by robots.txt,
404, 500, 429, too slow, too big, consent wall, meta-refresh loop, a wire copy), and
records which paths were requested.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gzip
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from frontline.settings import Settings

SLOW_SECONDS = 4.0  # beyond the tests' fetch_timeout
ARTICLE_LIMIT = 6  # fixture articles linked from /feed.xml (keeps the crawl quick)


@dataclass
class Site:
    """The running local site."""

    base: str
    articles: list[str]
    hits: Counter[str] = field(default_factory=Counter)

    def url(self, path: str) -> str:
        return self.base + path


def _articles(shared: Path) -> list[Path]:
    pages = sorted((shared / "fixtures" / "articles").glob("*.html"), key=lambda p: p.stat().st_size)
    return pages[:ARTICLE_LIMIT]


def _feed_xml(site: Site, extra_paths: list[str], articles: int | None = None) -> bytes:
    now = format_datetime(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    items = []
    stems = site.articles[:articles] if articles is not None else site.articles
    for index, path in enumerate([f"/news/{stem}.html" for stem in stems] + extra_paths):
        link = site.url(path)
        items.append(
            f"<item><title>Story {index} &amp; more</title><link>{link}"
            f"{'?utm_source=rss&amp;utm_medium=feed' if index == 0 else ''}</link>"
            f"<guid>{link}</guid><pubDate>{now}</pubDate></item>"
        )
    if articles is None:
        items.append("<item><title>Script link</title><link>javascript:alert(1)</link></item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Local news</title>'
        f"<link>{site.base}/</link>{''.join(items)}</channel></rss>"
    ).encode()


def _sitemap_index(site: Site) -> bytes:
    children = ["/sitemap-news.xml.gz", "/sitemap-index.xml", "/missing-sitemap.xml"]
    locs = "".join(f"<sitemap><loc>{site.url(c)}</loc></sitemap>" for c in children)
    return (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{locs}</sitemapindex>"
    ).encode()


def _news_sitemap(site: Site) -> bytes:
    urls = "".join(
        f"<url><loc> {site.url(f'/news/{stem}.html')} </loc><news:news><news:publication>"
        "<news:name>Local</news:name><news:language>en</news:language></news:publication>"
        f"<news:publication_date>2024-03-0{i + 1}T10:00:00Z</news:publication_date>"
        f"<news:title> Sitemap story {i} </news:title></news:news></url>"
        for i, stem in enumerate(site.articles[:3])
    )
    return (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
    ).encode()


def _listing(site: Site) -> bytes:
    links = "".join(
        f'<li class="story"><a href="/news/{stem}.html">Story {i}</a></li>'
        for i, stem in enumerate(site.articles[:4])
    )
    return (
        "<html><body><nav><a href='/'>Home</a><a href='/about.html'>About</a></nav>"
        f"<ul>{links}<li class='story'><a href='javascript:void(0)'>Bad</a></li>"
        "<li class='story'><a href='https://elsewhere.example.com/x'>Elsewhere</a></li></ul>"
        "</body></html>"
    ).encode()


TROUBLE_PATHS = [
    "/private/secret.html",
    "/moved.html",
    "/missing.html",
    "/error.html",
    "/busy.html",
    "/slow.html",
    "/big.html",
    "/hostile/cookie_wall_only.html",
    "/hostile/meta_refresh_loop_a.html",
    "/hostile/deeply_nested.html",
    "/wire/copy.html",
    "/wire/rewritten.html",
]


def rewritten_copy(text: str) -> bytes:
    """A wire story as another outlet runs it: own intro and ending, same body."""
    paragraphs = [p for p in text.splitlines() if p.strip()]
    body = [
        "Our regional desk adds its own introduction to the agency copy of this story.",
        *paragraphs[1:-1],
        "Readers can send us their own accounts of what happened.",
    ]
    html = "".join(f"<p>{p}</p>" for p in body)
    return f"<html><head><title>Agency story</title></head><body><article><h1>Agency story</h1>{html}</article></body></html>".encode()


def _make_handler(site: Site, shared: Path, big: bytes):
    fixtures = shared / "fixtures"

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
            pass

        def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8", headers=None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(body)

        def do_GET(self) -> None:  # noqa: C901 - one route table
            path = self.path.split("?", 1)[0]
            site.hits[path] += 1
            if path == "/robots.txt":
                return self.send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
            if path == "/feed.xml":
                if self.headers.get("If-None-Match") == '"v1"':
                    return self.send(304, b"", headers={"ETag": '"v1"'})
                return self.send(200, _feed_xml(site, TROUBLE_PATHS), "application/rss+xml", {"ETag": '"v1"'})
            if path == "/sitemap-index.xml":
                return self.send(200, _sitemap_index(site), "application/xml")
            if path == "/sitemap-news.xml.gz":
                return self.send(200, gzip.compress(_news_sitemap(site)), "application/x-gzip")
            if path in ("/listing.html", "/private/listing.html"):
                return self.send(200, _listing(site))
            if path == "/to-javascript.xml":  # a feed that redirects to a script URL
                return self.send(302, b"", headers={"Location": "javascript:alert(1)"})
            if path == "/feed-small.xml":
                return self.send(200, _feed_xml(site, [], articles=2), "application/rss+xml")
            if path.startswith("/news/"):
                page = fixtures / "articles" / path.removeprefix("/news/")
                return self.send(200, page.read_bytes()) if page.is_file() else self.send(404, b"no")
            if path.startswith(("/feeds/", "/hostile/")):
                folder, name = path.strip("/").split("/", 1)
                file = fixtures / folder / name
                if not file.is_file() or "/" in name:
                    return self.send(404, b"not here")
                ctype = "application/xml" if name.endswith(".xml") else "text/html; charset=utf-8"
                return self.send(200, file.read_bytes(), ctype)
            if path == "/private/secret.html":
                return self.send(200, (fixtures / "articles" / f"{site.articles[0]}.html").read_bytes())
            if path == "/moved.html":
                return self.send(301, b"", headers={"Location": f"/news/{site.articles[1]}.html"})
            if path == "/wire/copy.html":
                return self.send(200, (fixtures / "articles" / f"{site.articles[2]}.html").read_bytes())
            if path == "/wire/rewritten.html":
                source = fixtures / "articles" / f"{site.articles[3]}.txt"
                return self.send(200, rewritten_copy(source.read_text(encoding="utf-8")))
            if path == "/error.html":
                return self.send(500, b"<h1>oops</h1>")
            if path == "/busy.html":
                return self.send(429, b"slow down", headers={"Retry-After": "0"})
            if path == "/stall.html":
                time.sleep(60)
                return self.send(200, b"<html><body><p>far too late</p></body></html>")
            if path == "/slow.html":
                time.sleep(SLOW_SECONDS)
                return self.send(200, b"<html><body><p>late</p></body></html>")
            if path == "/big.html":
                return self.send(200, big)
            return self.send(404, b"<h1>Not found</h1>")

    return Handler


class _Server(ThreadingHTTPServer):
    request_queue_size = 128  # the default backlog of 5 drops a crawler's parallel connects
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler hanging up on a too-big or too-slow page is expected here


@pytest.fixture(scope="session")
def site(shared_dir: Path) -> Iterator[Site]:
    """A threaded HTTP server on 127.0.0.1 (free port) serving the local news site."""
    articles = [p.stem for p in _articles(shared_dir)]
    paragraph = b"<p>" + b"Officers were called to the scene. " * 30 + b"</p>\n"
    big = b"<html><body><article>" + paragraph * 2500 + b"</article></body></html>"
    placeholder = Site(base="", articles=articles)
    server = _Server(("127.0.0.1", 0), _make_handler(placeholder, shared_dir, big))
    server.daemon_threads = True
    placeholder.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield placeholder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def crawl_settings(tmp_path: Path) -> Settings:
    """Settings for quick local crawls: short timeout, no throttling, no retry delays."""
    return Settings(
        data_dir=tmp_path,
        fetch_timeout=2.5,  # short, yet safe on a busy 2-core machine
        autothrottle=False,
        crawl_retry_times=1,
        crawl_concurrency_per_domain=8,
        download_maxsize=1_500_000,
        crawl_timeout=120,
    )

"""Serve the demo news site: two outlets' RSS feeds, their article pages and robots.txt.

Run ``python -m demo.serve --port 0`` to serve it on a free port of 127.0.0.1 (the URL is
printed), or call :func:`serve_demo_site` to run it in a background thread, as the tests
and ``python -m demo.run`` do.

Each page under ``site/articles/`` is an HTML body with YAML front matter. ``days_ago``
and ``time`` place it before the server's start, so the newest stories are always
today's; ``{{date:N}}`` and ``{{weekday:N}}`` in a body become the date N days before
the start ("Tuesday 24 November"), and ``{{BASE_URL}}`` becomes the server's address.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import logging
import re
import threading
from dataclasses import dataclass
from email.utils import format_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

logger = logging.getLogger(__name__)

SITE_DIR = Path(__file__).resolve().parent / "site"
LONDON = ZoneInfo("Europe/London")
_PLACEHOLDER = re.compile(r"\{\{(date|weekday):(\d+)\}\}")


@dataclass(frozen=True)
class Outlet:
    """A fictional news outlet of the demo site, served under ``/<slug>/``."""

    slug: str
    title: str
    description: str


OUTLETS: dict[str, Outlet] = {
    "gazette": Outlet(
        "gazette",
        "The Borough Gazette",
        "Local news, crime and courts from across England, Wales and Northern Ireland.",
    ),
    "courier": Outlet(
        "courier",
        "Metro Courier",
        "Breaking news and the stories behind it, from the Metro Courier newsroom.",
    ),
}


@dataclass(frozen=True)
class DemoPage:
    """One article page of the demo site, as read from its file."""

    slug: str
    outlet: str
    title: str
    summary: str
    author: str
    section: str
    days_ago: int
    time: str
    body: str

    def path(self) -> str:
        """The page's path on the server, e.g. ``/gazette/news/leyton-pc-stabbed``."""
        return f"/{self.outlet}/news/{self.slug}"


def load_pages(site_dir: Path = SITE_DIR) -> list[DemoPage]:
    """Read every page in ``site_dir/articles``; a malformed file stops the server, named."""
    pages = []
    for path in sorted((site_dir / "articles").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        try:
            _, front, body = text.split("---\n", 2)
            meta = yaml.safe_load(front)
            page = DemoPage(
                slug=path.stem,
                outlet=meta["outlet"],
                title=meta["title"],
                summary=meta["summary"],
                author=meta["author"],
                section=meta.get("section", "News"),
                days_ago=int(meta["days_ago"]),
                time=str(meta.get("time", "09:00")),
                body=body.strip(),
            )
        except (ValueError, KeyError, TypeError, yaml.YAMLError) as exc:
            raise ValueError(f"{path}: bad demo page ({exc!r})") from exc
        if page.outlet not in OUTLETS:
            raise ValueError(f"{path}: unknown outlet {page.outlet!r}")
        pages.append(page)
    return pages


class DemoSite:
    """Renders the demo site's documents for one start date and one base URL."""

    def __init__(
        self,
        base_url: str,
        *,
        now: dt.datetime | None = None,
        site_dir: Path = SITE_DIR,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.now = (now or dt.datetime.now(dt.UTC)).astimezone(LONDON)
        self.site_dir = site_dir
        self.pages = load_pages(site_dir)
        self._by_path = {page.path(): page for page in self.pages}

    def published(self, page: DemoPage) -> dt.datetime:
        """When ``page`` was published: its day and time, never later than the start."""
        hour, minute = (int(part) for part in page.time.split(":"))
        day = self.now.date() - dt.timedelta(days=page.days_ago)
        when = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=LONDON)
        if when > self.now:
            # A story "from today" dated after the start: put it a little before the start,
            # keeping the pages' order.
            when = self.now - dt.timedelta(minutes=10 + hour)
        return when

    def _fill(self, text: str) -> str:
        def replace(match: re.Match[str]) -> str:
            day = self.now.date() - dt.timedelta(days=int(match.group(2)))
            if match.group(1) == "weekday":
                return day.strftime("%A")
            return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}"

        return _PLACEHOLDER.sub(replace, text).replace("{{BASE_URL}}", self.base_url)

    def page(self, path: str) -> str | None:
        """The HTML of the article at ``path``, or None."""
        page = self._by_path.get(path)
        if page is None:
            return None
        outlet = OUTLETS[page.outlet]
        when = self.published(page)
        values = {
            "TITLE": html.escape(page.title),
            "SUMMARY": html.escape(page.summary),
            "AUTHOR": html.escape(page.author),
            "SECTION": html.escape(page.section),
            "OUTLET": outlet.slug,
            "OUTLET_TITLE": html.escape(outlet.title),
            "URL": self.base_url + page.path(),
            "DATETIME": when.isoformat(timespec="seconds"),
            "HUMAN_DATE": f"{when.strftime('%A')} {when.day} {when.strftime('%B %Y, %H:%M')}",
            "BODY": self._fill(page.body),
        }
        text = (self.site_dir / "page.html").read_text(encoding="utf-8")
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        return self._fill(text)

    def feed(self, outlet_slug: str) -> str | None:
        """The RSS 2.0 feed of one outlet, newest story first, or None."""
        outlet = OUTLETS.get(outlet_slug)
        if outlet is None:
            return None
        pages = sorted(
            (page for page in self.pages if page.outlet == outlet_slug),
            key=self.published,
            reverse=True,
        )
        items = "\n".join(self._item(page) for page in pages)
        text = (self.site_dir / "feed.xml").read_text(encoding="utf-8")
        values = {
            "OUTLET": outlet.slug,
            "OUTLET_TITLE": html.escape(outlet.title),
            "OUTLET_DESCRIPTION": html.escape(outlet.description),
            "BUILD_DATE": format_datetime(self.now),
            "ITEMS": items,
        }
        for key, value in values.items():
            text = text.replace("{{" + key + "}}", value)
        return self._fill(text)

    def _item(self, page: DemoPage) -> str:
        url = self.base_url + page.path()
        return (
            "    <item>\n"
            f"      <title>{html.escape(page.title)}</title>\n"
            f"      <link>{url}</link>\n"
            f'      <guid isPermaLink="true">{url}</guid>\n'
            f"      <description>{html.escape(page.summary)}</description>\n"
            f"      <dc:creator>{html.escape(page.author)}</dc:creator>\n"
            f"      <category>{html.escape(page.section)}</category>\n"
            f"      <pubDate>{format_datetime(self.published(page))}</pubDate>\n"
            "    </item>"
        )

    def index(self, outlet_slug: str) -> str | None:
        """A plain listing page of one outlet's stories, or None."""
        outlet = OUTLETS.get(outlet_slug)
        if outlet is None:
            return None
        links = "\n".join(
            f'<li><a href="{self.base_url}{page.path()}">{html.escape(page.title)}</a></li>'
            for page in self.pages
            if page.outlet == outlet_slug
        )
        return (
            f"<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
            f"<title>{html.escape(outlet.title)}</title></head><body>"
            f"<h1>{html.escape(outlet.title)}</h1><ul>\n{links}\n</ul></body></html>"
        )

    def robots(self) -> str:
        """robots.txt of the site."""
        return self._fill((self.site_dir / "robots.txt").read_text(encoding="utf-8"))

    def document(self, path: str) -> tuple[str, str] | None:
        """``(content type, body)`` of the document at ``path``, or None for a 404."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path == "/robots.txt":
            return "text/plain; charset=utf-8", self.robots()
        parts = [part for part in path.split("/") if part]
        if len(parts) == 2 and parts[1] == "feed.xml":
            body = self.feed(parts[0])
            return None if body is None else ("application/rss+xml; charset=utf-8", body)
        if len(parts) == 1:
            body = self.index(parts[0])
            return None if body is None else ("text/html; charset=utf-8", body)
        if path == "/":
            links = "".join(f'<li><a href="/{slug}/">{o.title}</a></li>' for slug, o in OUTLETS.items())
            return "text/html; charset=utf-8", f"<!DOCTYPE html><html><body><ul>{links}</ul></body></html>"
        body = self.page(path)
        return None if body is None else ("text/html; charset=utf-8", body)


class _Handler(BaseHTTPRequestHandler):
    site: DemoSite
    server_version = "frontline-demo/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        found = self.site.document(self.path)
        if found is None:
            self.send_error(HTTPStatus.NOT_FOUND, f"no page at {self.path}")
            return
        content_type, text = found
        body = text.encode("utf-8")
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        logger.debug("%s %s", self.address_string(), format % args)


def serve_demo_site(
    port: int = 0, host: str = "127.0.0.1", *, now: dt.datetime | None = None
) -> tuple[ThreadingHTTPServer, str]:
    """Start the demo site in a daemon thread; return the server and its base URL.

    Stop it with ``server.shutdown(); server.server_close()``.
    """
    server = ThreadingHTTPServer((host, port), _Handler)
    server.daemon_threads = True
    base_url = f"http://{host}:{server.server_address[1]}"
    handler = type("DemoHandler", (_Handler,), {"site": DemoSite(base_url, now=now)})
    server.RequestHandlerClass = handler
    thread = threading.Thread(target=server.serve_forever, name="demo-site", daemon=True)
    thread.start()
    logger.info("demo site at %s", base_url)
    return server, base_url


def main(argv: list[str] | None = None) -> None:
    """``python -m demo.serve``: serve the site until interrupted, printing its URL."""
    parser = argparse.ArgumentParser(description="Serve the frontline demo news site.")
    parser.add_argument("--host", default="127.0.0.1", help="Address to bind, e.g. 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0, help="Port, e.g. 8000; 0 picks a free one.")
    args = parser.parse_args(argv)
    server, base_url = serve_demo_site(args.port, args.host)
    print(base_url, flush=True)  # the one line a caller reads
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()

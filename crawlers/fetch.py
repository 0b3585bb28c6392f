"""Fetching feeds, sitemaps and listing pages over HTTP, politely and within limits.

Every request carries our User-Agent, gives up after ``settings.fetch_timeout``
seconds in total (a server dripping bytes cannot hold a worker) and refuses bodies
over ``settings.download_maxsize``. :class:`RobotsRules` answers robots.txt
questions for pages that are not feeds (a missing robots.txt allows everything).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

import httpx
from protego import Protego

from crawlers.urls import url_host
from frontline.errors import FetchError
from frontline.settings import Settings

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Fetched:
    """A body as fetched (``body`` is None when the server said 304 Not Modified)."""

    url: str
    body: bytes | None
    etag: str | None = None
    last_modified: str | None = None


def fetch_url(
    client: httpx.Client, url: str, settings: Settings, etag: str | None = None,
    last_modified: str | None = None,
) -> Fetched:
    """GET ``url`` with a conditional request, the size cap and an overall deadline.

    Raises :class:`FetchError` naming the URL for HTTP errors, timeouts and oversize bodies.
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    deadline = time.monotonic() + settings.fetch_timeout
    try:
        with client.stream("GET", url, headers=headers) as response:
            if response.status_code == 304:
                return Fetched(url, None, etag, last_modified)
            if response.status_code >= 400:
                raise FetchError(f"GET {url} returned HTTP {response.status_code}")
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > settings.download_maxsize:
                raise FetchError(f"GET {url}: body of {declared} bytes exceeds {settings.download_maxsize}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > settings.download_maxsize:
                    raise FetchError(f"GET {url}: body exceeds {settings.download_maxsize} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(f"GET {url}: no complete body within {settings.fetch_timeout}s")
                chunks.append(chunk)
            return Fetched(
                url,
                b"".join(chunks),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )
    except httpx.TimeoutException as exc:
        raise FetchError(f"GET {url}: timed out after {settings.fetch_timeout}s") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:  # a redirect to "javascript:..."
        raise FetchError(f"GET {url}: {type(exc).__name__}: {exc}") from exc


def make_client(settings: Settings) -> httpx.Client:
    """An HTTP client with our User-Agent, timeout and redirect limit."""
    return httpx.Client(
        headers={"User-Agent": settings.user_agent},
        timeout=settings.fetch_timeout,
        follow_redirects=True,
        max_redirects=5,
    )


class RobotsRules:
    """robots.txt of each site, fetched once and shared by the worker threads."""

    def __init__(self, client: httpx.Client, settings: Settings) -> None:
        self._client = client
        self._settings = settings
        self._rules: dict[str, Protego | None] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        """Whether our User-Agent may fetch ``url`` (True when robots.txt is missing)."""
        if not self._settings.obey_robots:
            return True
        origin = url.split("/", 3)
        key = "/".join(origin[:3])
        with self._lock:
            if key not in self._rules:
                self._rules[key] = self._load(key + "/robots.txt")
            rules = self._rules[key]
        return rules is None or rules.can_fetch(url, self._settings.user_agent)

    def _load(self, robots_url: str) -> Protego | None:
        try:
            fetched = fetch_url(self._client, robots_url, self._settings)
        except FetchError as exc:
            logger.debug("no robots.txt for %s (%s): allowed", url_host(robots_url), exc)
            return None
        return Protego.parse((fetched.body or b"").decode("utf-8", "replace"))

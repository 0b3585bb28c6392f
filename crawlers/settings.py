"""Scrapy settings for the frontline crawler (the ``startproject`` settings module).

The module-level values are the polite defaults; :func:`scrapy_settings` derives the
ones that depend on frontline's :class:`~frontline.settings.Settings` (user agent,
timeouts, size cap, retries, throttling, cache), so ``FRONTLINE_*`` variables are the
only knobs an operator needs. Per-site tuning goes in a spider's ``custom_settings``.
"""

from __future__ import annotations

from typing import Any

from frontline.settings import Settings

BOT_NAME = "frontline"

SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Identify ourselves: the user agent names the project and a contact URL.
USER_AGENT = Settings.model_fields["user_agent"].default

# Obey robots.txt rules (a missing robots.txt, e.g. 404, allows everything).
ROBOTSTXT_OBEY = True

# Concurrency: many outlets at once, but only a couple of requests per outlet.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2

# AutoThrottle adapts the delay to each server's latency, starting at one second.
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Give up on a page after this many seconds, and on bodies larger than this.
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0

# Retry throttled (429) and server-side (5xx) answers a couple of times within a crawl;
# later crawls retry failed pages again up to FRONTLINE_CRAWL_MAX_ATTEMPTS.
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
# Connection hiccups are retried at once; a timeout is not: a server too slow to answer
# is left alone until the next crawl rather than asked again straight away.
RETRY_EXCEPTIONS = [
    "scrapy.exceptions.CannotResolveHostError",
    "scrapy.exceptions.DownloadConnectionRefusedError",
    "scrapy.exceptions.DownloadFailedError",
    "scrapy.exceptions.ResponseDataLossError",
    "twisted.internet.error.ConnectionDone",
    "twisted.internet.error.ConnectError",
    "twisted.internet.error.ConnectionLost",
    "scrapy.core.downloader.handlers.http11.TunnelError",
]
RETRY_GIVE_UP_LOG_LEVEL = "INFO"  # the reason is stored on the article

# Our robots.txt middleware replaces Scrapy's (see crawlers/middlewares.py for why).
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.SharedRobotsTxtMiddleware": 100,
}

# HTTP redirects are followed (at most 5); meta refreshes are followed by the spider
# itself, which detects loops and records the page as skipped.
REDIRECT_MAX_TIMES = 5
METAREFRESH_ENABLED = False

# News sites do not need our cookies, and consent cookies would only hide walls.
COOKIES_ENABLED = False

# The queue lives in the database (Article.status), not in Scrapy's memory: the
# dupefilter only avoids fetching one URL twice within a run.
DUPEFILTER_CLASS = "scrapy.dupefilters.RFPDupeFilter"

# One pipeline per concern, in this order: validate, dedupe, store.
ITEM_PIPELINES = {
    "crawlers.pipelines.ValidatePipeline": 100,
    "crawlers.pipelines.DedupePipeline": 200,
    "crawlers.pipelines.StorePipeline": 300,
}

# Disk cache of responses, for development only (FRONTLINE_CRAWL_HTTPCACHE=1).
HTTPCACHE_ENABLED = False
HTTPCACHE_EXPIRATION_SECS = 0
HTTPCACHE_DIR = "httpcache"

# A dropped page is routine (its reason is stored on the article): log it at INFO.
DEFAULT_DROPITEM_LOG_LEVEL = "INFO"

# No control ports on an unattended crawl: neither the telnet console nor the remote control.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
LOG_LEVEL = "WARNING"  # Scrapy's own chatter; our crawlers.* loggers log per page at INFO
FEED_EXPORT_ENCODING = "utf-8"

SETTINGS_PRIORITY = "project"


def _module_defaults() -> dict[str, Any]:
    return {name: value for name, value in globals().items() if name.isupper()}


def scrapy_settings(settings: Settings, database_url: str) -> dict[str, Any]:
    """The Scrapy settings of a crawl run with ``settings`` against ``database_url``."""
    values = _module_defaults()
    values.pop("SETTINGS_PRIORITY", None)
    values.update(
        USER_AGENT=settings.user_agent,
        ROBOTSTXT_OBEY=settings.obey_robots,
        CONCURRENT_REQUESTS_PER_DOMAIN=settings.crawl_concurrency_per_domain,
        AUTOTHROTTLE_ENABLED=settings.autothrottle,
        DOWNLOAD_TIMEOUT=settings.fetch_timeout,
        DOWNLOAD_MAXSIZE=settings.download_maxsize,
        RETRY_TIMES=settings.crawl_retry_times,
        HTTPCACHE_ENABLED=settings.crawl_httpcache,
        HTTPCACHE_DIR=str(settings.data_dir / "httpcache"),
        # Read by our spider and pipelines:
        FRONTLINE_DATABASE_URL=database_url,
        FRONTLINE_MIN_ARTICLE_CHARS=settings.min_article_chars,
        FRONTLINE_MAX_ATTEMPTS=settings.crawl_max_attempts,
        FRONTLINE_NEAR_DUPLICATE_THRESHOLD=settings.near_duplicate_threshold,
        FRONTLINE_NEAR_DUPLICATE_DAYS=settings.near_duplicate_days,
    )
    if not settings.autothrottle:
        values["DOWNLOAD_DELAY"] = 0
    return values

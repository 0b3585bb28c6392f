"""Run a crawl of the queue in a child process, as often as a flow likes.

The Twisted reactor cannot be restarted within one process, so :func:`crawl_queued`
starts ``python -m crawlers.run`` for each crawl, waits for it (with an overall
timeout) and reads back the JSON report the child writes. The child owns its
process: :class:`scrapy.crawler.CrawlerProcess` starts the reactor and stops it.
"""

from __future__ import annotations

import argparse
import json
import logging
import subprocess
import sys
import tempfile
from pathlib import Path

from crawlers.reports import CrawlReport
from frontline.errors import FetchError
from frontline.settings import Settings
from storage.database import open_database

logger = logging.getLogger(__name__)

_SECRET_FIELDS = {"smtp_password", "smtp_user"}


def crawl_queued(database_url: str, settings: Settings, limit: int | None = None) -> CrawlReport:
    """Fetch the queued articles of ``database_url`` (at most ``limit``) and store their text.

    Raises :class:`FetchError` when the crawl process fails or outlives
    ``settings.crawl_timeout``; pages that fail are reported, not raised.
    """
    open_database(database_url).dispose()  # bring the schema up to date before the child starts
    with tempfile.TemporaryDirectory(prefix="frontline-crawl-") as workdir:
        settings_file = Path(workdir) / "settings.json"
        report_file = Path(workdir) / "report.json"
        # The database URL may hold a password: it goes in the private file, not on the
        # command line where any user's `ps` would show it.
        crawl_settings = settings.model_copy(update={"database_url": database_url})
        settings_file.write_text(crawl_settings.model_dump_json(exclude=_SECRET_FIELDS), encoding="utf-8")
        command = [
            sys.executable, "-m", "crawlers.run",
            "--settings-file", str(settings_file),
            "--report-file", str(report_file),
        ]
        if limit is not None:
            command += ["--limit", str(limit)]
        logger.info("starting crawl of %s (limit %s)", safe_database_url(database_url), limit)
        try:
            finished = subprocess.run(
                command,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                errors="replace",
                timeout=settings.crawl_timeout,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise FetchError(
                f"crawl of {safe_database_url(database_url)} stopped after {settings.crawl_timeout:g}s"
            ) from exc
        if finished.returncode != 0 or not report_file.exists():
            tail = "\n".join(finished.stderr.strip().splitlines()[-15:])
            raise FetchError(
                f"crawl of {safe_database_url(database_url)} exited with code {finished.returncode}: {tail}"
            )
        _relay(finished.stderr)
        report = CrawlReport.from_dict(json.loads(report_file.read_text(encoding="utf-8")))
    logger.info(
        "crawl done: %d requested, %d stored, %d skipped, %d failed",
        report.requested, report.stored, len(report.skipped), len(report.failed),
    )
    return report


_LEVELS = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING,
           "ERROR": logging.ERROR, "CRITICAL": logging.CRITICAL}


def _relay(stderr: str) -> None:
    """Pass the child's log lines (``LEVEL name: message``) on to this process's logging."""
    for line in stderr.splitlines():
        level_name, _, rest = line.partition(" ")
        level = _LEVELS.get(level_name)
        if level is None:
            logger.debug("crawl: %s", line)
        else:
            logger.log(level, "crawl: %s", rest)


def _child_logging(verbose: bool) -> None:
    """Plain one-line records on stderr, which the parent reads back and relays."""
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
        force=True,
    )
    for noisy in ("scrapy", "twisted", "trafilatura", "htmldate", "urllib3", "httpx", "alembic", "py.warnings"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def safe_database_url(url: str) -> str:
    """``url`` with its password hidden, fit for logs and messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is reported by the child anyway
        return "<database>"


def run_crawl(database_url: str, settings: Settings, limit: int | None = None) -> CrawlReport:
    """Crawl in THIS process (starts the Twisted reactor: call once per process)."""
    from scrapy.crawler import CrawlerProcess

    from crawlers.settings import scrapy_settings
    from crawlers.spiders.article import ArticleSpider

    values = scrapy_settings(settings, database_url)
    values["LOG_INSTALL_ROOT_HANDLER"] = False  # our configure_logging already set one up
    process = CrawlerProcess(values)
    logging.getLogger("scrapy").setLevel(logging.WARNING)  # CrawlerProcess resets it
    crawler = process.create_crawler(ArticleSpider)
    process.crawl(crawler, limit=limit)
    process.start()
    spider = crawler.spider
    assert isinstance(spider, ArticleSpider), "the crawl ended without its spider"
    return spider.ledger.report()


def main(argv: list[str] | None = None) -> int:
    """Entry point of the crawl child process."""
    parser = argparse.ArgumentParser(prog="python -m crawlers.run", description=__doc__)
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL of the knowledge base (default: from the settings)"
    )
    parser.add_argument("--settings-file", type=Path, help="frontline settings as JSON")
    parser.add_argument("--report-file", type=Path, help="where to write the JSON report")
    parser.add_argument("--limit", type=int, default=None, help="crawl at most this many articles")
    parser.add_argument("--verbose", action="store_true", help="log every page")
    args = parser.parse_args(argv)

    _child_logging(args.verbose)
    if args.settings_file:
        settings = Settings.model_validate_json(args.settings_file.read_text(encoding="utf-8"))
    else:
        from frontline.settings import get_settings

        settings = get_settings()
    report = run_crawl(args.database_url or settings.resolved_database_url, settings, args.limit)
    payload = json.dumps(report.to_dict())
    if args.report_file:
        args.report_file.write_text(payload, encoding="utf-8")
    else:
        sys.stdout.write(payload + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())

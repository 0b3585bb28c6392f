"""``crawl``: fetch the queued articles' pages and store their text."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from sqlalchemy import select

from crawlers.run import crawl_queued
from flows.database import prepare_database_task
from flows.limits import DB_WRITE_TAG, NETWORK_TAG, crawl_limit_name, hold
from flows.retries import retry_on_transient
from flows.runtime import create_skip_table, open_knowledge_base, run_settings
from storage.models import Article
from storage.queue import waiting_condition


def waiting_domains(database_url: str, max_attempts: int) -> list[str]:
    """The domains of the articles waiting to be crawled, sorted."""
    db = open_knowledge_base(database_url)
    try:
        with db.session() as session:
            urls = session.scalars(select(Article.canonical_url).where(waiting_condition(max_attempts)))
            return sorted({urlsplit(url).hostname or "unknown" for url in urls})
    finally:
        db.dispose()


@task(
    name="crawl-queued",
    retry_condition_fn=retry_on_transient,
    retries=1,
    retry_delay_seconds=60,
    timeout_seconds=3600,
    tags=[NETWORK_TAG, DB_WRITE_TAG],
    cache_policy=NO_CACHE,  # the queue in the database says what is left to fetch
)
def crawl_queued_task(database_url: str, limit: int | None = None) -> dict[str, Any]:
    """Crawl the waiting articles in a Scrapy child process, one crawl per domain at a time.

    The task holds the global limit ``frontline-crawl-<domain>`` of every domain it is
    about to fetch, so two workers never crawl one site at once. A retry after a crash
    fetches only what is still waiting: claimed pages count an attempt in the database.
    """
    logger = get_run_logger()
    settings = run_settings(database_url)
    domains = waiting_domains(database_url, settings.crawl_max_attempts)
    if not domains:
        logger.info("nothing waiting to be crawled")
        return {"requested": 0, "stored": 0, "skipped": 0, "failed": 0, "domains": 0}
    with hold(*(crawl_limit_name(domain) for domain in domains)):
        report = crawl_queued(database_url, settings, limit=limit)
    logger.info(
        "crawled %d domain(s): %d requested, %d stored, %d skipped, %d failed",
        len(domains), report.requested, report.stored, len(report.skipped), len(report.failed),
    )
    create_skip_table(
        "crawl-report",
        f"Crawl of {report.requested} page(s) on {len(domains)} domain(s): "
        f"{report.stored} stored, {len(report.skipped)} skipped, {len(report.failed)} failed.",
        [("failed", report.failed), ("skipped", report.skipped)],
    )
    return {
        "requested": report.requested,
        "stored": report.stored,
        "skipped": len(report.skipped),
        "failed": len(report.failed),
        "domains": len(domains),
    }


@flow(name="crawl")
def crawl(database_url: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Fetch and store the text of the articles waiting in the crawl queue.

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        limit: Crawl at most this many articles in this run, e.g. 500; default all.
    """
    url = prepare_database_task(run_settings(database_url).resolved_database_url)
    return crawl_queued_task(url, limit)

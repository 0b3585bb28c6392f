"""``poll``: read every source's feeds and queue the articles not seen before."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE

from crawlers.feeds import poll_feeds
from crawlers.registry import load_sources
from flows.database import prepare_database_task
from flows.limits import DB_WRITE_TAG, NETWORK_TAG, POLL_LIMIT, hold
from flows.retries import retry_on_transient
from flows.runtime import create_skip_table, open_knowledge_base, run_settings
from frontline.errors import FeedError


@task(
    name="poll-feeds",
    retry_condition_fn=retry_on_transient,
    retries=2,
    retry_delay_seconds=[10, 60],
    timeout_seconds=600,
    tags=[NETWORK_TAG, DB_WRITE_TAG],
    cache_policy=NO_CACHE,  # each poll must see the feeds as they are now
)
def poll_feeds_task(database_url: str, feeds_file: str | None = None) -> dict[str, Any]:
    """Fetch the feeds of every enabled source and queue new entries as articles.

    One failing feed is recorded and counted, not raised; the retries cover a failure of
    the whole poll (the database or the network gone for a moment).
    """
    logger = get_run_logger()
    settings = run_settings(database_url, feeds_file)
    sources = load_sources(Path(settings.feeds_file) if settings.feeds_file else None)
    db = open_knowledge_base(database_url)
    try:
        with hold(POLL_LIMIT):
            report = poll_feeds(db, sources, settings)
    finally:
        db.dispose()
    logger.info(
        "polled %d feed(s) of %d source(s): %d failed, %d entries, %d queued, %d skipped",
        report.feeds_polled, len(sources), report.feeds_failed, report.entries_seen,
        report.queued, len(report.skipped),
    )
    for skip in report.failures:
        logger.warning("feed %s failed: %s", skip.url, skip.reason)
    create_skip_table(
        "poll-report",
        f"Poll of {report.feeds_polled} feed(s): {report.entries_seen} entries seen, "
        f"{report.queued} new article(s) queued, {report.feeds_failed} feed(s) failed, "
        f"{len(report.skipped)} entr(y/ies) skipped.",
        [("feed failed", report.failures), ("entry skipped", report.skipped)],
    )
    return {
        "sources": len(sources),
        "feeds_polled": report.feeds_polled,
        "feeds_failed": report.feeds_failed,
        "entries_seen": report.entries_seen,
        "queued": report.queued,
        "skipped": len(report.skipped),
    }


@flow(name="poll", log_prints=False)
def poll(database_url: str | None = None, feeds_file: str | None = None) -> dict[str, Any]:
    """Poll every source's feeds and queue new articles for the crawler. A poll in which
    every feed failed ends Failed (one failing feed does not).

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        feeds_file: YAML list of sources; default FRONTLINE_FEEDS_FILE or the bundled list.
    """
    settings = run_settings(database_url, feeds_file)
    url = prepare_database_task(settings.resolved_database_url)
    summary = poll_feeds_task(url, feeds_file)
    if summary["feeds_polled"] and summary["feeds_failed"] == summary["feeds_polled"]:
        # every source failed: the run is Failed, the reasons are in its poll-report artifact
        raise FeedError(f"all {summary['feeds_polled']} feed(s) failed; see the poll-report "
                        "artifact and `frontline sources status` for why")
    return summary

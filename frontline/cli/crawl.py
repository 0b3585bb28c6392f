"""``frontline poll`` and ``frontline crawl``: read the feeds, then fetch the queued articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from frontline.cli._common import err, handle_errors, out
from frontline.settings import get_settings

MAX_ROWS = 50


def _skip_table(title: str, rows: tuple, limit: int = MAX_ROWS) -> Table:  # type: ignore[type-arg]
    table = Table(title=title, title_justify="left")
    table.add_column("URL", overflow="fold")
    table.add_column("reason", overflow="fold")
    for skip in rows[:limit]:
        table.add_row(skip.url, skip.reason)
    if len(rows) > limit:
        table.add_row(f"… and {len(rows) - limit} more", "")
    return table


def poll_command(
    feeds_file: Annotated[
        Path | None,
        typer.Option(
            "--feeds-file",
            help="YAML list of sources to poll instead of the configured one, e.g. my-sources.yaml.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log every feed and item.")] = False,
) -> None:
    """Poll every enabled feed and queue the articles not seen before."""
    from crawlers.feeds import poll_feeds
    from crawlers.registry import load_sources, with_database_sources
    from frontline.logs import configure_logging
    from storage.database import open_database

    configure_logging(verbose)
    with handle_errors(verbose):
        settings = get_settings()
        specs = load_sources(feeds_file or settings.feeds_file)
        db = open_database(settings.resolved_database_url)
        try:
            with db.session() as session:
                specs = with_database_sources(session, specs)
            report = poll_feeds(db, specs, settings)
        finally:
            db.dispose()
    if as_json:
        payload = {
            "feeds_polled": report.feeds_polled,
            "feeds_failed": report.feeds_failed,
            "entries_seen": report.entries_seen,
            "queued": report.queued,
            "skipped": [[s.url, s.reason] for s in report.skipped],
            "failures": [[s.url, s.reason] for s in report.failures],
        }
        out.print_json(json.dumps(payload))
        return
    summary = Table(title="Poll", title_justify="left")
    for column in ("feeds polled", "feeds failed", "entries seen", "queued", "items skipped"):
        summary.add_column(column, justify="right")
    summary.add_row(
        str(report.feeds_polled), str(report.feeds_failed), str(report.entries_seen),
        str(report.queued), str(len(report.skipped)),
    )
    out.print(summary)
    if report.failures:
        out.print(_skip_table("Feeds that failed", report.failures))
    if report.skipped:
        out.print(_skip_table("Items skipped", report.skipped))


def crawl_command(
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Fetch at most this many queued articles, e.g. 100.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show tracebacks of errors.")] = False,
) -> None:
    """Fetch the queued articles, read their text and store it (runs Scrapy in a child process)."""
    from crawlers.run import crawl_queued, safe_database_url
    from frontline.logs import configure_logging

    configure_logging(verbose)
    with handle_errors(verbose):
        settings = get_settings()
        err.print(f"crawling the queue of {safe_database_url(settings.resolved_database_url)} …")
        report = crawl_queued(settings.resolved_database_url, settings, limit)
    if as_json:
        out.print_json(json.dumps(report.to_dict()))
        return
    summary = Table(title="Crawl", title_justify="left")
    for column in ("requested", "stored", "skipped", "failed"):
        summary.add_column(column, justify="right")
    summary.add_row(
        str(report.requested), str(report.stored), str(len(report.skipped)), str(len(report.failed))
    )
    out.print(summary)
    if report.skipped:
        out.print(_skip_table("Skipped", report.skipped))
    if report.failed:
        out.print(_skip_table("Failed (retried by a later crawl)", report.failed))


def register(app: typer.Typer) -> None:
    """Add ``frontline poll`` and ``frontline crawl`` to the root command."""
    app.command("poll")(poll_command)
    app.command("crawl")(crawl_command)

"""``frontline sources``: the registry of outlets and police newsrooms, and their feeds' health."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from frontline.cli._common import handle_errors, out
from frontline.errors import InputError
from frontline.settings import get_settings

sources_app = typer.Typer(
    help="List, add, switch on and off, and test the sources polled for news.", no_args_is_help=True
)

FeedsFile = Annotated[
    Path | None,
    typer.Option(
        "--feeds-file",
        help="YAML list of sources to use instead of the configured one, e.g. my-sources.yaml.",
        exists=True,
        dir_okay=False,
    ),
]


def _when(value: object) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else "-"  # type: ignore[attr-defined]


@sources_app.command("list")
def list_command(feeds_file: FeedsFile = None) -> None:
    """List the sources in the registry (and those added with `sources add`)."""
    from crawlers.registry import load_sources, with_database_sources
    from storage.database import open_database
    from storage.sources import stored_enabled

    with handle_errors():
        settings = get_settings()
        specs = load_sources(feeds_file or settings.feeds_file)
        db = open_database(settings.resolved_database_url)
        try:
            with db.session() as session:
                specs = with_database_sources(session, specs)
                stored = stored_enabled(session)
                enabled = {s.name: stored.get(s.name, s.enabled) for s in specs}
        finally:
            db.dispose()
    table = Table(title=f"{len(specs)} sources", title_justify="left")
    for column in ("name", "title", "feeds", "sitemaps", "listing", "region", "force", "enabled"):
        table.add_column(column)
    for spec in specs:
        table.add_row(
            spec.name, spec.title, str(len(spec.feeds)), str(len(spec.sitemaps)),
            "yes" if spec.listing else "-", spec.region or "-", spec.force or "-",
            "yes" if enabled[spec.name] and spec.enabled else "no",
        )
    out.print(table)


@sources_app.command("add")
def add_command(
    name: Annotated[str, typer.Argument(help="Unique id of the source, e.g. hull-live.")],
    feed: Annotated[list[str], typer.Option("--feed", help="RSS/Atom feed URL; repeat for several.")],
    title: Annotated[str, typer.Option(help="Display name, e.g. 'Hull Live'.")] = "",
    homepage: Annotated[str | None, typer.Option(help="Front page URL of the site.")] = None,
    region: Annotated[str | None, typer.Option(help="Area the source covers, e.g. Humberside.")] = None,
    force: Annotated[str | None, typer.Option(help="Police force of that area, e.g. 'Humberside Police'.")] = None,
) -> None:
    """Add a source with its feeds to the database (polled alongside the registry)."""
    from pydantic import ValidationError

    from crawlers.registry import SourceSpec
    from storage.database import open_database
    from storage.sources import sync_sources

    with handle_errors():
        try:
            spec = SourceSpec(
                name=name, title=title, homepage=homepage, feeds=tuple(feed), region=region, force=force
            )
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            raise InputError(f"source {name}: {problems}") from exc
        db = open_database(get_settings().resolved_database_url)
        try:
            with db.session() as session:
                result = sync_sources(session, [spec])
        finally:
            db.dispose()
    out.print(f"{name}: {result.sources_added} source and {result.feeds_added} feeds added")


def _set_enabled(name: str, enabled: bool, feeds_file: Path | None) -> None:
    from crawlers.registry import load_sources
    from storage.database import open_database
    from storage.sources import set_source_enabled, sync_sources

    with handle_errors():
        settings = get_settings()
        specs = [s for s in load_sources(feeds_file or settings.feeds_file) if s.name == name]
        db = open_database(settings.resolved_database_url)
        try:
            with db.session() as session:
                sync_sources(session, specs)
                source = set_source_enabled(session, name, enabled)
        finally:
            db.dispose()
        if source is None:
            raise InputError(f"no source named {name!r} (see `frontline sources list`)")
    out.print(f"{name}: {'enabled' if enabled else 'disabled'}")


@sources_app.command("disable")
def disable_command(
    name: Annotated[str, typer.Argument(help="Source to stop polling, e.g. bbc-kent.")],
    feeds_file: FeedsFile = None,
) -> None:
    """Stop polling a source (kept in the database; `sources enable` undoes it)."""
    _set_enabled(name, False, feeds_file)


@sources_app.command("enable")
def enable_command(
    name: Annotated[str, typer.Argument(help="Source to poll again, e.g. bbc-kent.")],
    feeds_file: FeedsFile = None,
) -> None:
    """Poll a disabled source again."""
    _set_enabled(name, True, feeds_file)


@sources_app.command("test")
def test_command(
    name: Annotated[str, typer.Argument(help="Source to read now, e.g. bbc-news-uk.")],
    feeds_file: FeedsFile = None,
) -> None:
    """Fetch and read a source's feeds, sitemaps and listing page now, without storing anything."""
    from crawlers.feeds import read_source
    from crawlers.registry import load_sources

    with handle_errors():
        settings = get_settings()
        specs = {s.name: s for s in load_sources(feeds_file or settings.feeds_file)}
        if name not in specs:
            raise InputError(f"no source named {name!r} in the registry")
        spec = specs[name]
        reads = read_source(spec, settings)
    table = Table(title=spec.display_name, title_justify="left")
    for column in ("kind", "URL", "entries", "skipped", "problem", "first title"):
        table.add_column(column, overflow="fold")
    for read in reads:
        first = read.entries[0].title if read.entries else ""
        table.add_row(
            read.kind, read.url, "-" if read.error else str(len(read.entries)),
            str(len(read.skipped)), read.error or read.warning or "", first,
        )
    out.print(table)


@sources_app.command("status")
def status_command() -> None:
    """Show each feed's health: last poll, last success, failures in a row, last error."""
    from storage.database import open_database
    from storage.sources import feed_health

    with handle_errors():
        db = open_database(get_settings().resolved_database_url)
        try:
            with db.session() as session:
                rows = feed_health(session)
                table = Table(title=f"{len(rows)} feeds", title_justify="left")
                for column in (
                    "source", "feed", "on", "last polled", "last success", "fails", "items", "last error"
                ):
                    table.add_column(column, overflow="fold")
                for source, feed in rows:
                    table.add_row(
                        source.name, feed.url, "yes" if source.enabled and feed.enabled else "no",
                        _when(feed.last_polled), _when(feed.last_success),
                        str(feed.consecutive_failures), str(feed.items_seen), feed.last_error or "",
                    )
        finally:
            db.dispose()
    out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``frontline sources`` to the root command."""
    app.add_typer(sources_app, name="sources")

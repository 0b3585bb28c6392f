"""``frontline db``: create and upgrade the knowledge base schema."""

from __future__ import annotations

from typing import Annotated

import typer

from frontline.cli._common import err, handle_errors, out
from frontline.settings import get_settings

db_app = typer.Typer(
    help="Create and upgrade the knowledge base; resolve its incidents.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_command(
    revision: Annotated[str, typer.Argument(help="Target revision, e.g. head.")] = "head",
) -> None:
    """Create the database if needed and apply every migration up to REVISION."""
    from storage.schema import current_revision, upgrade
    from storage.session import make_engine

    with handle_errors():
        url = get_settings().resolved_database_url
        engine = make_engine(url)
        upgrade(engine, revision)
        out.print(f"database at revision {current_revision(engine)}: {engine.url.render_as_string()}")
        engine.dispose()


@db_app.command("current")
def current_command() -> None:
    """Print the migration revision the database is at."""
    from storage.schema import current_revision
    from storage.session import make_engine

    with handle_errors():
        engine = make_engine(get_settings().resolved_database_url)
        revision = current_revision(engine)
        (out if revision else err).print(revision or "no migration applied yet")
        engine.dispose()


@db_app.command("resolve")
def resolve_command(
    full: Annotated[bool, typer.Option(
        "--full", help="Re-cluster every mention, not only the new and changed ones and "
                       "their neighbours: after a change to the resolution rules.")] = False,
) -> None:
    """Place the mentions stored since the last run into incidents (ingest and the flows do
    this themselves; run it after merging, splitting or correcting, or with --full)."""
    from storage.database import open_database
    from storage.resolution import resolve_incidents

    with handle_errors():
        db = open_database(get_settings().resolved_database_url, create=False)
        try:
            with db.session() as session:
                report = resolve_incidents(session, full=full)
        finally:
            db.dispose()
        out.print(f"incidents: {report.created} created, {report.updated} updated, "
                  f"{report.removed} removed")


def register(app: typer.Typer) -> None:
    """Add ``frontline db`` to the root command."""
    app.add_typer(db_app, name="db")

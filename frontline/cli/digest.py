"""``frontline digest``: write the day's digest to the archive, print it, and mail it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

from frontline.cli._common import err, handle_errors
from frontline.errors import InputError
from frontline.settings import Settings, get_settings


class DigestFormat(StrEnum):
    md = "md"
    html = "html"
    text = "text"


def parse_day(value: str | None, settings: Settings) -> dt.date:
    """``value`` as a date (YYYY-MM-DD), or today in the configured time zone when None."""
    if value is None:
        from digest.days import local_zone

        return dt.datetime.now(local_zone(settings.timezone)).date()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--date {value!r} is not a date like 2026-11-24") from exc
    if not FIRST_DAY <= day <= LAST_DAY:
        raise InputError(f"--date {value!r} is out of range: a digest covers days from "
                         f"{FIRST_DAY} to {LAST_DAY}")
    return day


FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(9000, 12, 31)
"""The days a digest can be asked for (a chart looks back weeks, a day ends a day later)."""


def digest_command(
    date: Annotated[
        str | None,
        typer.Option(
            "--date", help="Day of the digest, e.g. 2026-11-24. Default: today (Europe/London)."
        ),
    ] = None,
    force: Annotated[
        str | None,
        typer.Option("--force", help="Print the digest of one force only, e.g. 'Kent Police'."),
    ] = None,
    fmt: Annotated[
        DigestFormat, typer.Option("--format", help="Format printed to stdout: md, html or text.")
    ] = DigestFormat.md,
    send: Annotated[
        bool,
        typer.Option("--send", help="Mail every subscriber their digest (once per day and scope)."),
    ] = False,
    resend: Annotated[
        bool, typer.Option("--resend", help="With --send: send again digests already delivered.")
    ] = False,
    skip_empty: Annotated[
        bool, typer.Option("--skip-empty", help="With --send: send nothing on a quiet day.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show debug logs and tracebacks.")
    ] = False,
) -> None:
    """Write the day's digest to the archive and print it; with --send, mail the subscribers.

    The archive (HTML and Markdown, one file per day and scope, plus index.html) is always written first, so nothing is lost when the mail server is down. A send that fails is left pending and retried by the next --send; the exit code is then 1.
    """
    from digest.archive import write_archive
    from digest.content import build_digest
    from digest.delivery import publish_digests
    from digest.render import render
    from digest.subscriptions import canonical_force
    from frontline.logs import configure_logging
    from storage.database import open_database

    configure_logging(verbose)
    with handle_errors(verbose):
        settings = get_settings()
        day = parse_day(date, settings)
        scope = canonical_force(force) if force else None
        db = open_database(settings.resolved_database_url, create=False)
        try:
            report = None
            if send or resend:
                report = publish_digests(
                    db, day, settings, send=True, resend=resend, skip_empty=skip_empty
                )
            with db.session() as session:
                digest = build_digest(session, day, force=scope, tz=settings.timezone)
            path = write_archive(digest, settings.resolved_archive_dir)
        finally:
            db.dispose()
        typer.echo(render(digest, fmt.value), nl=False)
        err.print(f"archived: {path}", highlight=False)
        if report is not None:
            err.print(
                f"sent {len(report.sent)}, already sent {len(report.already_sent)}, "
                f"skipped as quiet {len(report.skipped_empty)}, pending {len(report.pending)}",
                highlight=False,
            )
            for error in report.errors:
                err.print(f"[red]pending:[/red] {error}", highlight=False)
            if report.pending:
                raise typer.Exit(code=1)


def register(app: typer.Typer) -> None:
    """Add ``frontline digest`` to the root command."""
    app.command("digest")(digest_command)

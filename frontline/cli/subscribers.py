"""``frontline subscribers``: who receives the digest and the alerts."""

from __future__ import annotations

import json
from typing import Annotated

import typer
from rich.table import Table

from frontline.cli._common import err, handle_errors, out

subscribers_app = typer.Typer(help="Add, list and remove digest subscribers.", no_args_is_help=True)


@subscribers_app.command("add")
def add_command(
    email: Annotated[str, typer.Argument(help="Email address, e.g. press@kent.police.uk.")],
    force: Annotated[
        list[str] | None,
        typer.Option(
            "--force",
            help="Only this force's incidents, e.g. 'Kent Police'; repeat for several. Default: national.",
        ),
    ] = None,
    alerts: Annotated[
        bool,
        typer.Option(
            "--alerts/--no-alerts",
            help="Also send urgent alerts (officer killed or seriously hurt, spikes).",
        ),
    ] = True,
) -> None:
    """Subscribe EMAIL to the daily digest (or change their forces and alerts)."""
    from digest.subscriptions import add_subscriber
    from storage.database import open_database

    with handle_errors():
        db = open_database(create=False)
        try:
            with db.session() as session:
                info, created = add_subscriber(session, email, force or (), alerts=alerts)
        finally:
            db.dispose()
        verb = "subscribed" if created else "updated"
        out.print(
            f"{verb} {info.email}: {info.scope} digest, alerts {'on' if info.alerts else 'off'}",
            highlight=False,
        )


@subscribers_app.command("list")
def list_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON lines instead of a table.")
    ] = False,
) -> None:
    """List every subscriber with their forces and alert choice."""
    from digest.subscriptions import list_subscribers
    from storage.database import open_database

    with handle_errors():
        db = open_database(create=False)
        try:
            with db.session() as session:
                subscribers = list_subscribers(session)
        finally:
            db.dispose()
        if as_json:
            for s in subscribers:
                typer.echo(
                    json.dumps({"email": s.email, "forces": list(s.forces), "alerts": s.alerts})
                )
            return
        if not subscribers:
            err.print("no subscribers yet: add one with `frontline subscribers add EMAIL`")
            return
        table = Table("Email", "Digest", "Alerts")
        for s in subscribers:
            table.add_row(s.email, s.scope, "on" if s.alerts else "off")
        out.print(table)


@subscribers_app.command("remove")
def remove_command(
    email: Annotated[str, typer.Argument(help="Email address to unsubscribe.")],
) -> None:
    """Unsubscribe EMAIL from the digest and the alerts."""
    from digest.subscriptions import remove_subscriber
    from frontline.errors import InputError
    from storage.database import open_database

    with handle_errors():
        db = open_database(create=False)
        try:
            with db.session() as session:
                removed = remove_subscriber(session, email)
        finally:
            db.dispose()
        if not removed:
            raise InputError(f"{email!r} is not subscribed")
        out.print(f"removed {email}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``frontline subscribers`` to the root command."""
    app.add_typer(subscribers_app, name="subscribers")

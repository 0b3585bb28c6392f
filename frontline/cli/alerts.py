"""``frontline alerts``: show, or send, the urgent alerts that are due."""

from __future__ import annotations

from typing import Annotated

import typer

from frontline.cli._common import err, handle_errors, out


def alerts_command(
    send: Annotated[
        bool,
        typer.Option(
            "--send", help="Record and mail the pending alerts (default: only show them)."
        ),
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Show debug logs and tracebacks.")
    ] = False,
) -> None:
    """Show the alerts that are due (officer killed or seriously hurt, a force's spike); --send mails them.

    Each alert goes once to every subscriber with alerts on whose forces it concerns; a rerun sends nothing new, and a send the mail server refused is retried next time.
    """
    from digest.alerts import send_pending_alerts
    from frontline.logs import configure_logging
    from frontline.settings import get_settings
    from storage.database import open_database

    configure_logging(verbose)
    with handle_errors(verbose):
        settings = get_settings()
        db = open_database(settings.resolved_database_url, create=False)
        try:
            report = send_pending_alerts(db, settings, send=send)
        finally:
            db.dispose()
        if not report.alerts:
            err.print("no alerts pending")
            return
        for alert in report.alerts:
            recipients = (
                ", ".join(alert.recipients) or "no subscriber with alerts on for this scope"
            )
            out.print(
                f"{alert.subject}\n  key: {alert.spec.key}\n  to: {recipients}",
                highlight=False,
                markup=False,
            )
        if send:
            err.print(f"sent {len(report.sent)}, pending {len(report.pending)}", highlight=False)
            for error in report.errors:
                err.print(f"[red]pending:[/red] {error}", highlight=False)
            if report.pending:
                raise typer.Exit(code=1)
        else:
            err.print("shown only: add --send to mail them", highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``frontline alerts`` to the root command."""
    app.command("alerts")(alerts_command)

"""``frontline stats``: count incidents by force, month, week, weapon or severity."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from frontline.cli._common import handle_errors, out
from frontline.cli.incidents import (
    Forces,
    OfficersMin,
    Outlet,
    Reviews,
    Severities,
    Since,
    Until,
    Weapons,
    Words,
    build_query,
)


class By(StrEnum):
    force = "force"
    month = "month"
    week = "week"
    weapon = "weapon"
    severity = "severity"


class StatsFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def stats_command(
    by: Annotated[By, typer.Option(help="What to count by: force (with rates per 1,000 officers), month, week, weapon or severity.")] = By.force,
    since: Since = None,
    until: Until = None,
    force: Forces = None,
    weapon: Weapons = None,
    severity: Severities = None,
    officers_min: OfficersMin = None,
    outlet: Outlet = None,
    review_status: Reviews = None,
    q: Words = None,
    output: Annotated[StatsFormat, typer.Option("--format", help="table for people; csv or json for scripts.")] = StatsFormat.table,
) -> None:
    """Count the incidents matching the filters by force, month, week, weapon or severity."""
    from storage.database import open_database
    from storage.query import incident_stats, load_workforce

    with handle_errors():
        query = build_query(
            date_from=since, date_to=until, force=force, weapon=weapon, severity=severity,
            officers_min=officers_min, outlet=outlet, review_status=review_status, q=q,
        )
        database = open_database(create=False)
        try:
            with database.session() as session:
                rows = incident_stats(session, query, by.value)
        finally:
            database.dispose()
        if output is StatsFormat.json:
            typer.echo(json.dumps({"by": by.value, "rows": [row.to_dict() for row in rows]}, ensure_ascii=False))
            return
        if output is StatsFormat.csv:
            writer = csv.writer(sys.stdout, lineterminator="\n")
            writer.writerow([by.value, "incidents", "officers", "workforce", "rate_per_1000_officers"])
            for row in rows:
                writer.writerow([row.key or "", row.incidents, row.officers, row.workforce or "",
                                 "" if row.rate_per_1000_officers is None else f"{row.rate_per_1000_officers:.4f}"])
            return
        caption = None
        if by is By.force:
            workforce = load_workforce()
            caption = f"rates per 1,000 officers: {workforce.measure}, {workforce.year} ({'; '.join(workforce.sources)})"
        table = Table(caption=caption)
        table.add_column(by.value, style="cyan")
        for name in ("incidents", "officers involved") + (("officers in force", "per 1,000 officers") if by is By.force else ()):
            table.add_column(name, justify="right")
        for row in rows:
            cells = [row.key or "(unknown)", str(row.incidents), str(row.officers)]
            if by is By.force:
                cells += [f"{row.workforce:,}" if row.workforce else "",
                          "" if row.rate_per_1000_officers is None else f"{row.rate_per_1000_officers:.2f}"]
            table.add_row(*cells)
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``frontline stats`` to the root command."""
    app.command("stats")(stats_command)

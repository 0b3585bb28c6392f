"""``frontline incidents``: find incidents in the knowledge base, for people or for scripts."""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from pydantic import ValidationError
from rich import box
from rich.markup import escape
from rich.table import Table

from frontline.cli._common import err, handle_errors, out
from frontline.errors import InputError

DATE_FORMATS = ["%Y-%m-%d"]
# CLI option behind each IncidentQuery field, so an error names what the user typed.
OPTION_NAMES = {"date_from": "--since", "date_to": "--until", "officers_min": "--officers-min"}


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"
    geojson = "geojson"


Since = Annotated[dt.datetime | None, typer.Option("--since", formats=DATE_FORMATS, help="Incidents on or after this date, e.g. 2024-01-01.")]
Until = Annotated[dt.datetime | None, typer.Option("--until", formats=DATE_FORMATS, help="Incidents on or before this date, e.g. 2024-12-31.")]
Forces = Annotated[list[str] | None, typer.Option("--force", help="Only this force, as people write it; repeat for several, e.g. --force Kent --force 'the Met'.")]
Weapons = Annotated[list[str] | None, typer.Option("--weapon", help="Only incidents with this weapon class; repeat for several, e.g. --weapon bladed.")]
Severities = Annotated[list[str] | None, typer.Option("--severity", help="Only this severity (killed, serious, injured, uninjured, unknown); repeatable.")]
OfficersMin = Annotated[int | None, typer.Option("--officers-min", min=0, max=2**31 - 1, help="Only incidents involving at least this many officers, e.g. 2.")]
Outlet = Annotated[str | None, typer.Option("--outlet", help="Only incidents this outlet reported, e.g. 'BBC News'.")]
Reviews = Annotated[list[str] | None, typer.Option("--review-status", help="Only this review state (unreviewed, confirmed, rejected); repeatable. Default: all but rejected.")]
Words = Annotated[str | None, typer.Option("--q", help="Full-text search words, e.g. 'stabbed arrest'.")]


def build_query(**fields: Any) -> Any:
    """An IncidentQuery from CLI values; InputError naming the options at fault."""
    from storage.query import IncidentQuery

    for name in ("date_from", "date_to"):
        if isinstance(fields.get(name), dt.datetime):
            fields[name] = fields[name].date()
    fields = {name: value for name, value in fields.items() if value is not None}
    try:
        return IncidentQuery(**fields)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            option = OPTION_NAMES.get(field, f"--{field.replace('_', '-')}") if field else "options"
            problems.append(f"{option}: {error['msg']}")
        raise InputError("invalid " + "; ".join(problems)) from exc


def incidents_command(
    since: Since = None,
    until: Until = None,
    force: Forces = None,
    weapon: Weapons = None,
    severity: Severities = None,
    officers_min: OfficersMin = None,
    outlet: Outlet = None,
    review_status: Reviews = None,
    q: Words = None,
    sort: Annotated[str | None, typer.Option(help="Sort by relevance, date, first_reported, last_reported, force, severity, officers or outlet_count. Default: relevance with --q, else date.")] = None,
    order: Annotated[str, typer.Option(help="Sort direction: asc or desc.")] = "desc",
    limit: Annotated[int, typer.Option(help="Incidents to show, at most 10000, e.g. 200.")] = 50,
    offset: Annotated[int, typer.Option(min=0, max=2**31 - 1, help="Incidents to skip first (for paging).")] = 0,
    output: Annotated[Format, typer.Option("--format", help="table for people; csv, json or geojson for scripts.")] = Format.table,
) -> None:
    """List incidents matching the filters, newest first (rejected ones left out)."""
    from storage.database import open_database
    from storage.query import find_incidents, incidents_geojson

    with handle_errors():
        query = build_query(
            date_from=since, date_to=until, force=force, weapon=weapon, severity=severity,
            officers_min=officers_min, outlet=outlet, review_status=review_status, q=q,
            sort=sort, order=order, limit=limit, offset=offset,
        )
        database = open_database(create=False)
        try:
            with database.session() as session:
                page = find_incidents(session, query)
        finally:
            database.dispose()
        if output is Format.json:
            typer.echo(json.dumps({"items": [i.to_dict() for i in page.items], "total": page.total}, ensure_ascii=False))
        elif output is Format.geojson:
            typer.echo(json.dumps(incidents_geojson(page.items), ensure_ascii=False))
        elif output is Format.csv:
            _write_csv(page.items)
        else:
            _print_table(page.items, page.total, query.offset)


def _write_csv(items: Any) -> None:
    from storage.query import incidents_csv

    sys.stdout.write(incidents_csv(items))


def _print_table(items: Any, total: int, offset: int) -> None:
    table = Table(box=box.SIMPLE_HEAD, caption=f"{len(items)} of {total} incidents" + (f" from #{offset + 1}" if offset else ""))
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("where", max_width=24)
    table.add_column("what", max_width=20)
    table.add_column("summary", ratio=1)
    for item in items:
        where = f"{item.location or ''}\n[cyan]{escape(item.force or '')}[/cyan]".strip()
        officers = "" if item.officers is None else f", {item.officers} officer{'s' if item.officers != 1 else ''}"
        what = f"[bold]{item.severity}[/bold]{officers}\n{escape(', '.join(item.weapons))}"
        summary = f"{escape(item.summary)}\n[dim]{item.outlet_count} outlet{'s' if item.outlet_count != 1 else ''}[/dim]"
        table.add_row(str(item.id), item.date.isoformat() if item.date else "", where, what, summary)
    out.print(table)
    if not items:
        err.print("no incidents match")


def register(app: typer.Typer) -> None:
    """Add ``frontline incidents`` to the root command."""
    app.command("incidents")(incidents_command)

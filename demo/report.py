"""What ``python -m demo.run`` prints at the end: the digest and a table of incidents."""

from __future__ import annotations

import datetime as dt

from rich.console import Console
from rich.markdown import Markdown
from rich.table import Table
from sqlalchemy import select

from flows.publish import digest_markdown
from flows.runtime import count_rows, parse_day
from frontline.settings import get_settings
from storage.database import open_database
from storage.models import Incident


def incidents_table(database_url: str) -> Table:
    """Every incident of the knowledge base, with its sources, as a Rich table."""
    table = Table(title="Incidents in the knowledge base", show_lines=False)
    for column in ("id", "date", "force", "location", "weapons", "officers", "severity", "sources"):
        table.add_column(column, overflow="fold")
    db = open_database(database_url, migrate=False)
    try:
        with db.session() as session:
            for incident in session.scalars(select(Incident).order_by(Incident.date, Incident.id)):
                outlets = sorted(
                    {m.article.outlet or "?" for m in incident.mentions if m.article is not None}
                )
                table.add_row(
                    str(incident.id),
                    incident.date.isoformat() if incident.date else "?",
                    incident.force or "?",
                    incident.location or "?",
                    ", ".join(incident.weapons or []) or "-",
                    str(incident.officers) if incident.officers is not None else "?",
                    incident.severity,
                    f"{len(incident.mentions)}: {', '.join(outlets)}",
                )
    finally:
        db.dispose()
    return table


def print_report(console: Console, database_url: str, day: dt.date | None = None) -> None:
    """Print the digest of ``day`` (default today) as Markdown, then the incidents table."""
    timezone = get_settings().timezone
    day = day or parse_day(None, timezone)
    markdown, _, _ = digest_markdown(database_url, day, timezone)
    console.rule(f"Digest of {day.isoformat()}")
    console.print(Markdown(markdown))
    console.rule("Knowledge base")
    console.print(incidents_table(database_url))
    db = open_database(database_url, migrate=False)
    try:
        counts = count_rows(db)
    finally:
        db.dispose()
    console.print(
        f"{counts['articles']} article(s) stored ({counts.get('articles_extracted', 0)} read), "
        f"{counts['incidents']} incident(s)."
    )

"""What the flows share at run time: settings for a run, the knowledge base, the extractor.

Flow parameters (a database URL, a sources file) override the ``FRONTLINE_*`` settings
for one run; everything else comes from :func:`frontline.settings.get_settings`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from prefect.artifacts import create_table_artifact
from sqlalchemy import func, select

from frontline.errors import ConfigError
from frontline.settings import Settings, get_settings
from nlp.extractor import Extractor
from storage.database import Database, open_database
from storage.models import Article, Incident

MAX_ROWS = 200
"""Rows kept in a table artifact (a big outage must not make a huge one)."""


def run_settings(database_url: str | None = None, feeds_file: str | None = None) -> Settings:
    """The settings of one flow run: ``FRONTLINE_*`` with the run's parameters laid over them."""
    settings = get_settings()
    update: dict[str, object] = {}
    if database_url:
        update["database_url"] = database_url
    if feeds_file:
        path = Path(feeds_file).expanduser()
        if not path.is_file():
            raise ConfigError(f"sources file {feeds_file!r} does not exist")
        update["feeds_file"] = path.resolve()
    return settings.model_copy(update=update) if update else settings


def open_knowledge_base(database_url: str, *, migrate: bool = False) -> Database:
    """The knowledge base at ``database_url``; the caller disposes of it."""
    return open_database(database_url, migrate=migrate)


@lru_cache(maxsize=2)
def extractor_for(model: str) -> Extractor:
    """One extractor per spaCy model and process: the pipeline loads once, on first use."""
    return Extractor(model)


def parse_day(day: str | None, timezone: str) -> dt.date:
    """``day`` as a date (ISO ``2026-11-25``), or today in ``timezone``."""
    if not day:
        return dt.datetime.now(ZoneInfo(timezone)).date()
    try:
        return dt.date.fromisoformat(day)
    except ValueError as exc:
        raise ConfigError(f"day {day!r} is not an ISO date such as 2026-11-25") from exc


def count_rows(db: Database) -> dict[str, int]:
    """How many articles (by status) and incidents the knowledge base holds."""
    with db.session() as session:
        counts = {
            f"articles_{status}": count
            for status, count in session.execute(
                select(Article.status, func.count()).group_by(Article.status)
            )
        }
        counts["articles"] = sum(counts.values())
        counts["incidents"] = session.scalar(select(func.count()).select_from(Incident)) or 0
    return counts


def create_skip_table(
    key: str, description: str, outcomes: Sequence[tuple[str, Iterable[Any]]]
) -> None:
    """Publish the skipped/failed inputs of a run as a table artifact of url, outcome, reason.

    ``outcomes`` pairs a label ("feed failed") with the records (``url``, ``reason``) it
    labels; at most :data:`MAX_ROWS` rows are kept.
    """
    rows = [
        {"url": record.url, "outcome": outcome, "reason": record.reason}
        for outcome, records in outcomes
        for record in records
    ]
    create_table_artifact(
        key=key,
        table=rows[:MAX_ROWS] or [{"url": "", "outcome": "nothing skipped", "reason": ""}],
        description=description,
    )

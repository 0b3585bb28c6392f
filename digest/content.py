"""What a day's digest says: new incidents, updates to older ones, counts against the averages.

:func:`build_digest` reads the knowledge base and returns a :class:`Digest`, plain frozen
values that the templates render; nothing here knows about HTML or mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from digest.counts import (
    CHART_DAYS,
    TOTAL,
    CountRow,
    DayCount,
    count_rows,
    daily_counts,
    severity_rows,
)
from digest.days import day_bounds, local_day, local_zone
from digest.sources import SourceReport, incident_sources, outlet_name
from digest.wording import one_line, severity_rank, summarise
from storage.models import Article, Incident, Mention

logger = logging.getLogger(__name__)

__all__ = [
    "CHART_DAYS",
    "CountRow",
    "DayCount",
    "Digest",
    "IncidentItem",
    "Update",
    "build_digest",
    "incident_item",
    "scope_key",
]


@dataclass(frozen=True)
class IncidentItem:
    """One incident as the digest shows it."""

    id: int
    force: str | None
    place: str | None
    date: dt.date | None
    weapons: tuple[str, ...]
    officers: int | None
    severity: str
    summary: str
    first_reported: dt.datetime | None
    sources: tuple[SourceReport, ...]

    @property
    def outlets(self) -> int:
        """How many outlets reported it (copies included)."""
        names = {s.outlet for s in self.sources}
        names.update(link.outlet for s in self.sources for link in s.also)
        return len(names)


@dataclass(frozen=True)
class Update:
    """An older incident that was reported again on the digest's day, and what changed."""

    incident: IncidentItem
    changes: tuple[str, ...]
    severity_raised: bool


@dataclass(frozen=True)
class Digest:
    """A day's digest for the whole country (``forces`` empty) or for some forces."""

    day: dt.date
    forces: tuple[str, ...]
    timezone: str
    new: tuple[IncidentItem, ...]
    updates: tuple[Update, ...]
    totals: CountRow
    by_severity: tuple[CountRow, ...]
    by_force: tuple[CountRow, ...]
    by_weapon: tuple[CountRow, ...]
    daily: tuple[DayCount, ...]

    @property
    def gravest(self) -> tuple[IncidentItem, ...]:
        """New incidents, and earlier ones newly reported so, where officers were killed
        or seriously injured, worst first."""
        items = [*self.new, *(u.incident for u in self.updates if u.severity_raised)]
        return tuple(sorted((i for i in items if i.severity in ("killed", "serious")),
                            key=_worst_first))

    @property
    def is_quiet(self) -> bool:
        """Nothing new and no updates on the day."""
        return not self.new and not self.updates

    @property
    def scope(self) -> str:
        """ "National" or the forces covered, e.g. "Kent Police"."""
        return ", ".join(self.forces) if self.forces else "National"

    @property
    def scope_key(self) -> str:
        """A stable key of the scope for file names and delivery records, e.g. "kent-police"."""
        return scope_key(self.forces)


def scope_key(forces: Iterable[str]) -> str:
    """``[]`` → "national"; ``["Kent Police", "Essex Police"]`` → "essex-police+kent-police"."""
    slugs = sorted(
        "-".join("".join(c if c.isalnum() else " " for c in force.lower()).split())
        for force in forces
    )
    return "+".join(slugs) if slugs else "national"


def _normalise_forces(force: str | Sequence[str] | None) -> tuple[str, ...]:
    if force is None:
        return ()
    if isinstance(force, str):
        return (force,)
    return tuple(sorted(set(force)))


def build_digest(
    session: Session,
    day: dt.date,
    *,
    force: str | Sequence[str] | None = None,
    tz: str = "Europe/London",
) -> Digest:
    """The digest of local ``day`` in time zone ``tz``, national or for ``force`` (one or several).

    New incidents are those first reported that day; updates are older incidents that
    articles published that day wrote about again. Rejected incidents are left out.
    """
    zone = local_zone(tz)
    forces = _normalise_forces(force)
    start, end = day_bounds(day, zone)
    window_start, _ = day_bounds(day - dt.timedelta(days=CHART_DAYS), zone)

    stmt = (
        select(Incident)
        .where(Incident.first_reported >= window_start, Incident.first_reported < end)
        .where(Incident.review_status != "rejected")
    )
    if forces:
        stmt = stmt.where(Incident.force.in_(forces))
    window = list(session.scalars(stmt))
    today = [i for i in window if i.first_reported is not None and i.first_reported >= start]
    before = [i for i in window if i.first_reported is not None and i.first_reported < start]

    updated = _updated_incidents(session, start, end, forces)
    _load_sources(session, [*today, *updated])

    new_items = sorted((incident_item(i, end) for i in today), key=_worst_first)
    updates = sorted(
        (_update(i, start, end) for i in updated),
        key=lambda u: (not u.severity_raised, *_worst_first(u.incident)),
    )
    days_before = {i.id: local_day(i.first_reported, zone) for i in before}  # type: ignore[arg-type]
    digest = Digest(
        day=day,
        forces=forces,
        timezone=tz,
        new=tuple(new_items),
        updates=tuple(updates),
        totals=count_rows(today, before, days_before, day, lambda i: [TOTAL], [TOTAL])[0],
        by_severity=severity_rows(today, before, days_before, day),
        by_force=count_rows(
            today, before, days_before, day, lambda i: [i.force or "Force not known"]
        ),
        by_weapon=count_rows(today, before, days_before, day, lambda i: i.weapons or ["unknown"]),
        daily=daily_counts(window, day, zone),
    )
    logger.info(
        "digest %s (%s): %d new, %d updated",
        day,
        digest.scope,
        len(digest.new),
        len(digest.updates),
    )
    return digest


def _worst_first(item: IncidentItem) -> tuple:
    """Killed, then seriously injured, then the rest; more officers and outlets first."""
    return (
        -severity_rank(item.severity),
        -(item.officers or 0),
        -item.outlets,
        item.first_reported or dt.datetime.max.replace(tzinfo=dt.UTC),
        item.id,
    )


def _updated_incidents(
    session: Session, start: dt.datetime, end: dt.datetime, forces: tuple[str, ...]
) -> list[Incident]:
    reported_that_day = (
        select(Mention.incident_id)
        .join(Article, Article.id == Mention.article_id)
        .where(Article.published >= start, Article.published < end)
    )
    stmt = (  # by id, not DISTINCT: PostgreSQL cannot compare the JSON columns
        select(Incident)
        .where(Incident.id.in_(reported_that_day))
        .where(Incident.first_reported < start)
        .where(Incident.review_status != "rejected")
        .order_by(Incident.id)
    )
    if forces:
        stmt = stmt.where(Incident.force.in_(forces))
    return list(session.scalars(stmt))


def _load_sources(session: Session, incidents: list[Incident]) -> None:
    """Load every incident's mentions and articles in two queries rather than one per row."""
    if not incidents:
        return
    ids = [i.id for i in incidents]
    session.scalars(
        select(Incident)
        .where(Incident.id.in_(ids))
        .options(
            selectinload(Incident.mentions)
            .selectinload(Mention.article)
            .selectinload(Article.source)
        )
    ).all()


def incident_item(incident: Incident, end: dt.datetime) -> IncidentItem:
    """``incident`` as the digest and the alerts show it, with its sources published before ``end``."""
    weapons = tuple(incident.weapons or ())
    return IncidentItem(
        id=incident.id,
        force=incident.force,
        place=one_line(incident.location, 120) or None,
        date=incident.date,
        weapons=weapons,
        officers=incident.officers,
        severity=incident.severity or "unknown",
        summary=summarise(
            force=incident.force,
            location=incident.location,
            date=incident.date,
            weapons=weapons,
            officers=incident.officers,
            severity=incident.severity or "unknown",
        ),
        first_reported=incident.first_reported,
        sources=incident_sources(incident, end),
    )


def _update(incident: Incident, start: dt.datetime, end: dt.datetime) -> Update:
    earlier_outlets: set[str] = set()
    today_outlets: list[str] = []
    earlier_severity, today_severity = "unknown", "unknown"
    for mention in incident.mentions:
        article = mention.article
        if article.published is None:
            continue
        outlet = outlet_name(article)
        if article.published < start:
            earlier_outlets.add(outlet)
            if severity_rank(mention.severity) > severity_rank(earlier_severity):
                earlier_severity = mention.severity
        elif article.published < end:
            if outlet not in today_outlets:
                today_outlets.append(outlet)
            if severity_rank(mention.severity) > severity_rank(today_severity):
                today_severity = mention.severity
    changes = []
    raised = severity_rank(today_severity) > severity_rank(earlier_severity)
    if raised:
        changes.append(f"severity raised from {earlier_severity} to {today_severity}")
    new_outlets = [o for o in today_outlets if o not in earlier_outlets]
    if new_outlets:
        changes.append("first reported by " + ", ".join(new_outlets))
    repeat = [o for o in today_outlets if o in earlier_outlets]
    if repeat:
        changes.append("further report by " + ", ".join(repeat))
    return Update(
        incident=incident_item(incident, end), changes=tuple(changes), severity_raised=raised
    )

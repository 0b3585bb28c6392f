"""What a day's digest says: new incidents, updates to older ones, counts against the averages.

:func:`build_digest` reads the knowledge base and returns a :class:`Digest`, plain frozen
values that the templates render; nothing here knows about HTML or mail.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from digest.links import safe_url
from digest.wording import SEVERITIES, one_line, severity_rank, summarise
from frontline.errors import ConfigError
from storage.models import Article, ArticleUrl, Incident, Mention

logger = logging.getLogger(__name__)

CHART_DAYS = 28
"""Days shown in the incidents-per-day chart, ending on the digest's day."""

TOTAL = "All incidents"


@dataclass(frozen=True)
class Link:
    """Another article folded under a source: a follow-up by the same outlet or a copy."""

    url: str | None
    title: str
    outlet: str
    published: dt.datetime | None
    role: str  # "follow-up" or "copy"


@dataclass(frozen=True)
class SourceReport:
    """One outlet's report of an incident; ``original`` marks the first report of all."""

    url: str | None
    title: str
    outlet: str
    published: dt.datetime | None
    original: bool
    also: tuple[Link, ...] = ()


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
class CountRow:
    """Incidents on the day for one label against the daily averages of the days before."""

    label: str
    today: int
    avg7: float
    avg28: float

    @property
    def trend(self) -> str:
        """ "up", "down" or "flat" against the 28-day average."""
        if self.today > self.avg28 + 0.5:
            return "up"
        if self.today < self.avg28 - 0.5:
            return "down"
        return "flat"


@dataclass(frozen=True)
class DayCount:
    """Incidents first reported on one day."""

    day: dt.date
    count: int


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


def local_zone(tz: str) -> ZoneInfo:
    """The time zone named ``tz``; a :class:`ConfigError` naming it when unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"time zone {tz!r} is not known") from exc


def day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants at which local ``day`` starts and the next day starts."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end.astimezone(dt.UTC)


def local_day(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The local date of a UTC instant."""
    return moment.astimezone(zone).date()


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
        totals=_count_rows(today, before, days_before, day, lambda i: [TOTAL], [TOTAL])[0],
        by_severity=_severity_rows(today, before, days_before, day),
        by_force=_count_rows(
            today, before, days_before, day, lambda i: [i.force or "Force not known"]
        ),
        by_weapon=_count_rows(today, before, days_before, day, lambda i: i.weapons or ["unknown"]),
        daily=_daily(window, day, zone),
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


def _outlet(article: Article) -> str:
    if article.outlet:
        return one_line(article.outlet, 100)
    if article.source is not None:
        return one_line(article.source.title or article.source.name, 100)
    host = urlsplit(article.canonical_url).hostname or "unknown outlet"
    return host.removeprefix("www.")


def _articles(incident: Incident, end: dt.datetime) -> list[Article]:
    """The incident's articles published before ``end`` (or undated), earliest first."""
    seen: dict[int, Article] = {}
    for mention in incident.mentions:
        article = mention.article
        if article.published is None or article.published < end:
            seen.setdefault(article.id, article)
    latest = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(seen.values(), key=lambda a: (a.published or latest, a.id))


def _sources(incident: Incident, end: dt.datetime) -> tuple[SourceReport, ...]:
    """One entry per outlet, first report marked original; follow-ups and copies folded in."""
    articles = _articles(incident, end)
    if not articles:
        return ()
    session = Session.object_session(incident)
    syndicated: dict[int, list[ArticleUrl]] = {}
    if session is not None:
        rows = session.scalars(
            select(ArticleUrl).where(
                ArticleUrl.article_id.in_([a.id for a in articles]), ArticleUrl.kind == "syndicated"
            )
        )
        for row in rows:
            syndicated.setdefault(row.article_id, []).append(row)

    by_id = {a.id: a for a in articles}
    first_with_hash: dict[str, Article] = {}
    copy_of: dict[int, int] = {}
    for article in articles:
        if article.duplicate_of_id in by_id:
            copy_of[article.id] = article.duplicate_of_id  # type: ignore[assignment]
        elif article.content_hash and article.content_hash in first_with_hash:
            copy_of[article.id] = first_with_hash[article.content_hash].id
        elif article.content_hash:
            first_with_hash[article.content_hash] = article

    heads: dict[str, Article] = {}
    folded: dict[int, list[Link]] = {}
    for article in articles:
        outlet = _outlet(article)
        original_id = copy_of.get(article.id)
        if original_id is not None:
            target = _root(original_id, copy_of)
            folded.setdefault(target, []).append(_link(article, outlet, "copy"))
        elif outlet in heads:
            folded.setdefault(heads[outlet].id, []).append(_link(article, outlet, "follow-up"))
        else:
            heads[outlet] = article
        for row in syndicated.get(article.id, []):
            folded.setdefault(_root(article.id, copy_of), []).append(
                Link(
                    url=safe_url(row.url),
                    title=one_line(article.title) or "(untitled)",
                    outlet=one_line(row.outlet, 100)
                    or (urlsplit(row.url).hostname or "another outlet"),
                    published=article.published,
                    role="copy",
                )
            )

    reports = []
    for index, article in enumerate(heads.values()):
        reports.append(
            SourceReport(
                url=safe_url(article.canonical_url),
                title=one_line(article.title) or "(untitled)",
                outlet=_outlet(article),
                published=article.published,
                original=index == 0,
                also=tuple(folded.get(article.id, ())),
            )
        )
    return tuple(reports)


def _root(article_id: int, copy_of: dict[int, int]) -> int:
    seen = set()
    while article_id in copy_of and article_id not in seen:
        seen.add(article_id)
        article_id = copy_of[article_id]
    return article_id


def _link(article: Article, outlet: str, role: str) -> Link:
    return Link(
        url=safe_url(article.canonical_url),
        title=one_line(article.title) or "(untitled)",
        outlet=outlet,
        published=article.published,
        role=role,
    )


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
        sources=_sources(incident, end),
    )


def _update(incident: Incident, start: dt.datetime, end: dt.datetime) -> Update:
    earlier_outlets: set[str] = set()
    today_outlets: list[str] = []
    earlier_severity, today_severity = "unknown", "unknown"
    for mention in incident.mentions:
        article = mention.article
        if article.published is None:
            continue
        outlet = _outlet(article)
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


def _averages(
    labels_of: Callable[[Incident], Iterable[str]],
    before: list[Incident],
    days_before: dict[int, dt.date],
    day: dt.date,
) -> tuple[Counter, Counter]:
    week, month = Counter(), Counter()
    for incident in before:
        age = (day - days_before[incident.id]).days
        for label in labels_of(incident):
            if 1 <= age <= 7:
                week[label] += 1
            if 1 <= age <= CHART_DAYS:
                month[label] += 1
    return week, month


def _count_rows(
    today: list[Incident],
    before: list[Incident],
    days_before: dict[int, dt.date],
    day: dt.date,
    labels_of: Callable[[Incident], Iterable[str]],
    always: Sequence[str] = (),
) -> tuple[CountRow, ...]:
    now = Counter(label for i in today for label in labels_of(i))
    week, month = _averages(labels_of, before, days_before, day)
    labels = set(now) | set(month) | set(always)
    rows = [
        CountRow(label, now[label], week[label] / 7, month[label] / CHART_DAYS) for label in labels
    ]
    return tuple(sorted(rows, key=lambda r: (-r.today, -r.avg28, r.label)))


def _severity_rows(
    today: list[Incident], before: list[Incident], days_before: dict[int, dt.date], day: dt.date
) -> tuple[CountRow, ...]:
    rows = {
        r.label: r for r in _count_rows(today, before, days_before, day, lambda i: [i.severity])
    }
    return tuple(rows[s] for s in SEVERITIES if s in rows)


def _daily(window: list[Incident], day: dt.date, zone: ZoneInfo) -> tuple[DayCount, ...]:
    counts = Counter(local_day(i.first_reported, zone) for i in window if i.first_reported)
    first = day - dt.timedelta(days=CHART_DAYS - 1)
    return tuple(
        DayCount(first + dt.timedelta(days=n), counts[first + dt.timedelta(days=n)])
        for n in range(CHART_DAYS)
    )

"""Blocking for resolution: which mentions are ever compared, and which a run must read.

Two mentions are compared only when they may be one attack: the same force (or either
force unknown), and either close in time (:func:`time_windows`: two attack dates within
``date_gap`` days; a report with no attack date published from the day before the
other's date to ``near_days`` after; two reports with no date published within
``near_days``) or naming the same specific place (a street, venue, district or village,
or a place the gazetteer does not know as a town; compared by any distinctive word of it
that fewer than ``MAX_PLACE_BLOCK`` mentions of the force share) up to ``window_days``
apart, as a trial months later does. In an incremental run only a report with no date,
or one that reads as a court report, looks back by place. A report naming only a town
months after the event is not compared with that town's other reports: they are too
many, and their dates would tell them apart anyway.

Incremental runs read the dirty mentions (new or changed since the last run), their
neighbours under these blocks and every mention of the incidents those belong to, so
each incident a run touches is re-clustered whole. The neighbours are found by indexed
queries per force, so a run's cost follows the day's news, not the knowledge base's size.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import and_, func, or_, select, true
from sqlalchemy.orm import Session

from nlp.mentions import place_rank
from storage.incidents import id_chunks, place_kind, reads_as_court_report
from storage.models import Article, Mention

_WORD = re.compile(r"[a-z0-9']+")
_BROAD_KINDS_RANK = 2
"""Place rank from which a place is too broad to compare reports months apart (a town)."""


@dataclass(frozen=True)
class BlockKey:
    """What blocking knows of a mention: ``key`` names it (an id or an index)."""

    key: int
    force: str | None
    day: int | None
    place: frozenset[str]
    dated: bool = True
    """``day`` is the attack's date (else the publication day)."""


def reference_day(date: dt.date | None, published: dt.datetime | dt.date | None) -> int | None:
    """The attack's date, else the publication day, as an ordinal (None when neither)."""
    if date is not None:
        return date.toordinal()
    if isinstance(published, dt.datetime):
        return published.date().toordinal()
    return published.toordinal() if published is not None else None


DayRange = tuple[int, int]


def time_windows(day: int, dated: bool, near_days: int, date_gap: int
                 ) -> tuple[DayRange, DayRange]:
    """The day ranges a mention of reference ``day`` is compared over: (attack dates of
    other dated reports, publication days of reports with no date). ``dated``: ``day`` is
    the attack's date, not the publication day."""
    if dated:
        return (day - date_gap, day + date_gap), (day - 1, day + near_days)
    return (day - near_days, day + 1), (day - near_days, day + near_days)


_NOT_NAMES = frozenset({
    "the", "of", "in", "on", "at", "near", "outside", "a", "an", "and", "north", "south", "east",
    "west", "central", "greater", "inner", "outer", "upper", "lower", "old", "new", "st", "saint",
    "road", "street", "lane", "avenue", "way", "close", "drive", "station", "city", "centre",
    "center", "town", "area", "high", "park", "square",
})
MAX_PLACE_BLOCK = 300
"""A place word shared by more mentions of one force than this (a town's name, "london")
is too common to compare reports months apart by."""


def specific_place(location: str | None, kind: str) -> frozenset[str]:
    """The words of a specific place that far-apart reports of it share ("ilford" of
    "Ilford station" and "Ilford station in east London"); none for a town or wider."""
    if not location:
        return frozenset()
    if kind != "unknown" and place_rank(kind) >= _BROAD_KINDS_RANK:
        return frozenset()
    return frozenset(w for w in _WORD.findall(location.lower())
                     if w not in _NOT_NAMES and not _broad_name(w))


@lru_cache(maxsize=65536)
def _broad_name(word: str) -> bool:
    """Is ``word`` alone the name of a town or wider ("leeds" in "High Street, Leeds")?"""
    from nlp.gazetteer import lookup

    place = lookup(word.title())
    return place is not None and place_rank(place.kind) >= _BROAD_KINDS_RANK


class Blocks:
    """Mentions indexed by force and day (dated and undated apart) and by force and place
    word."""

    def __init__(self, keys: Iterable[BlockKey], near_days: int, window_days: int,
                 date_gap: int) -> None:
        self.near_days, self.window_days, self.date_gap = near_days, window_days, date_gap
        timelines: dict[tuple[bool, str | None], list[tuple[int, int]]] = defaultdict(list)
        self.dayless: dict[str | None, list[int]] = defaultdict(list)
        self.places: dict[tuple[str | None, str], list[BlockKey]] = defaultdict(list)
        for item in keys:
            if item.day is None:
                self.dayless[item.force].append(item.key)
            else:
                timelines[(item.dated, item.force)].append((item.day, item.key))
            for word in item.place:
                self.places[(item.force, word)].append(item)
        ordered = {key: sorted(items) for key, items in timelines.items()}
        self.days = {key: [d for d, _ in items] for key, items in ordered.items()}
        self.keys = {key: [k for _, k in items] for key, items in ordered.items()}
        self.forces = {f for _, f in self.days} | set(self.dayless) | {f for f, _ in self.places}

    def _between(self, dated: bool, force: str | None, first: int, last: int) -> list[int]:
        days = self.days.get((dated, force))
        if not days:
            return []
        return self.keys[(dated, force)][bisect_left(days, first):bisect_right(days, last)]

    def neighbours(self, item: BlockKey) -> set[int]:
        """Keys of the mentions ``item`` is compared with (itself included): dated reports
        within ``date_gap`` days of its date, reports with no date published from the day
        before it to ``near_days`` after; for a report with no date, the converse."""
        forces = {item.force, None} if item.force else self.forces | {None}
        found: set[int] = {item.key}
        day, near = item.day, self.near_days
        for force in forces:
            if day is None:
                found.update(self.dayless.get(force, ()))
            else:
                (dated_lo, dated_hi), (undated_lo, undated_hi) = time_windows(
                    day, item.dated, near, self.date_gap)
                found.update(self._between(True, force, dated_lo, dated_hi))
                found.update(self._between(False, force, undated_lo, undated_hi))
            for word in item.place:
                postings = self.places.get((force, word), ())
                if len(postings) > MAX_PLACE_BLOCK:
                    continue
                found.update(
                    other.key for other in postings
                    if day is None or other.day is None or abs(other.day - day) <= self.window_days)
        return found

    def pairs(self, items: Iterable[BlockKey]) -> set[tuple[int, int]]:
        """Every pair (lower key first) of ``items`` with a neighbour."""
        out: set[tuple[int, int]] = set()
        for item in items:
            out.update((min(item.key, k), max(item.key, k)) for k in self.neighbours(item)
                       if k != item.key)
        return out


def affected_mentions(
    session: Session, *, near_days: int, window_days: int, date_gap: int
) -> set[int]:
    """Ids of the relevant mentions a run must read: the dirty ones, their neighbours and
    every mention of the incidents any of those is in (see the module docstring).

    Neighbours are found by indexed queries per force (day ranges on ``(force, date)`` and
    ``article.published``; place words within the force), never by reading every mention.
    """
    rows = session.execute(
        select(Mention.id, Mention.force, Mention.date, Article.published, Mention.location,
               Mention.incident_id, Article.title, Article.text)
        .join(Article, Mention.article_id == Article.id)
        .where(Mention.dirty.is_(True), Article.relevant.is_(True))
    ).all()
    chosen = {row.id for row in rows}
    if not chosen:
        return set()
    incidents = {row.incident_id for row in rows if row.incident_id is not None}
    dated: dict[str | None, list[DayRange]] = defaultdict(list)
    undated: dict[str | None, list[DayRange]] = defaultdict(list)
    dayless: set[str | None] = set()
    words: dict[str | None, dict[str, list[int | None]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        day = reference_day(row.date, row.published)
        if day is None:
            dayless.add(row.force)  # compared with the force's mentions of no day either
        else:
            dated_range, undated_range = time_windows(day, row.date is not None, near_days,
                                                      date_gap)
            dated[row.force].append(dated_range)
            undated[row.force].append(undated_range)
        if row.date is None or reads_as_court_report(row.title, row.text):
            # only a late report (a trial, a sentencing) is compared by place across months
            for word in specific_place(row.location, place_kind(row.location)):
                words[row.force][word].append(day)
    for force in set(dated) | set(words) | dayless:
        found = _near_in_time(session, force, _merged(dated[force]), _merged(undated[force]),
                              force in dayless)
        found |= _at_same_place(session, force, words.get(force, {}), window_days)
        for mention_id, incident_id in found:
            chosen.add(mention_id)
            if incident_id is not None:
                incidents.add(incident_id)
    for chunk in id_chunks(incidents):
        chosen.update(session.scalars(select(Mention.id).where(Mention.incident_id.in_(chunk))))
    return chosen


def _merged(ranges: list[DayRange]) -> list[DayRange]:
    """Overlapping day ranges joined (a day's batch asks for a handful, not hundreds)."""
    out: list[DayRange] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _force_is(force: str | None) -> Any:
    """The same force, or either unknown."""
    return true() if force is None else or_(Mention.force == force, Mention.force.is_(None))


def _day_start(day: int) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromordinal(day), dt.time(0), tzinfo=dt.UTC)


def _near_in_time(session: Session, force: str | None, dated: list[DayRange],
                  undated: list[DayRange], dayless: bool) -> set[tuple[int, int | None]]:
    """(id, incident) of the relevant mentions of ``force`` whose date lies in ``dated``,
    which have no date and were published in ``undated`` (day ordinals), or, with
    ``dayless``, which have neither date nor publication day."""
    clauses: list[Any] = [
        Mention.date.between(dt.date.fromordinal(max(lo, 1)), dt.date.fromordinal(hi))
        for lo, hi in dated]
    clauses += [and_(Mention.date.is_(None), Article.published >= _day_start(max(lo, 1)),
                     Article.published < _day_start(hi + 1)) for lo, hi in undated]
    if dayless:
        clauses.append(and_(Mention.date.is_(None), Article.published.is_(None)))
    if not clauses:
        return set()
    stmt = (select(Mention.id, Mention.incident_id)
            .join(Article, Mention.article_id == Article.id)
            .where(Article.relevant.is_(True), _force_is(force), or_(*clauses)))
    return {(row.id, row.incident_id) for row in session.execute(stmt)}


def _at_same_place(session: Session, force: str | None, words: dict[str, list[int | None]],
                   window_days: int) -> set[tuple[int, int | None]]:
    """(id, incident) of the mentions of ``force`` naming one of ``words`` within
    ``window_days`` of a dirty mention that names it; a word more than
    ``MAX_PLACE_BLOCK`` mentions share is skipped."""
    found: set[tuple[int, int | None]] = set()
    for word, days in words.items():
        known = [d for d in days if d is not None]
        stmt = (select(Mention.id, Mention.incident_id, Mention.location, Mention.date,
                       Article.published)
                .join(Article, Mention.article_id == Article.id)
                .where(Article.relevant.is_(True), _force_is(force),
                       func.lower(Mention.location).like(f"%{word}%"))
                .limit(MAX_PLACE_BLOCK + 1))
        if known and len(known) == len(days):
            first, last = min(known) - window_days, max(known) + window_days
            stmt = stmt.where(or_(
                Mention.date.between(dt.date.fromordinal(max(first, 1)), dt.date.fromordinal(last)),
                Mention.date.is_(None)))
        rows = session.execute(stmt).all()
        if len(rows) > MAX_PLACE_BLOCK:
            continue
        for row in rows:
            if word in specific_place(row.location, place_kind(row.location)):
                found.add((row.id, row.incident_id))
    return found

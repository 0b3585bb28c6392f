"""Counting incidents: a day against the daily averages of the 7 and 28 days before, and per-day totals."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from digest.days import local_day
from digest.wording import SEVERITIES
from storage.models import Incident

CHART_DAYS = 28
"""Days shown in the incidents-per-day chart, ending on the digest's day."""

TOTAL = "All incidents"


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


def _averages(
    labels_of: Callable[[Incident], Iterable[str]],
    before: list[Incident],
    days_before: dict[int, dt.date],
    day: dt.date,
) -> tuple[Counter, Counter]:
    week: Counter[str] = Counter()
    month: Counter[str] = Counter()
    for incident in before:
        age = (day - days_before[incident.id]).days
        for label in labels_of(incident):
            if 1 <= age <= 7:
                week[label] += 1
            if 1 <= age <= CHART_DAYS:
                month[label] += 1
    return week, month


def count_rows(
    today: list[Incident],
    before: list[Incident],
    days_before: dict[int, dt.date],
    day: dt.date,
    labels_of: Callable[[Incident], Iterable[str]],
    always: Sequence[str] = (),
) -> tuple[CountRow, ...]:
    """A row per label of ``today``'s incidents (and of the 28 days before, and ``always``):
    its count on ``day`` and its daily averages over the 7 and 28 days before, most first.

    ``days_before`` gives the local day each incident of ``before`` was first reported.
    """
    now = Counter(label for i in today for label in labels_of(i))
    week, month = _averages(labels_of, before, days_before, day)
    labels = set(now) | set(month) | set(always)
    rows = [
        CountRow(label, now[label], week[label] / 7, month[label] / CHART_DAYS) for label in labels
    ]
    return tuple(sorted(rows, key=lambda r: (-r.today, -r.avg28, r.label)))


def severity_rows(
    today: list[Incident], before: list[Incident], days_before: dict[int, dt.date], day: dt.date
) -> tuple[CountRow, ...]:
    """Rows per severity level, worst first, for the levels seen on the day or the 28 before."""
    rows = {r.label: r for r in count_rows(today, before, days_before, day, lambda i: [i.severity])}
    return tuple(rows[s] for s in SEVERITIES if s in rows)


def daily_counts(window: list[Incident], day: dt.date, zone: ZoneInfo) -> tuple[DayCount, ...]:
    """Incidents first reported on each of the 28 local days ending with ``day``, oldest first."""
    counts = Counter(local_day(i.first_reported, zone) for i in window if i.first_reported)
    first = day - dt.timedelta(days=CHART_DAYS - 1)
    return tuple(
        DayCount(first + dt.timedelta(days=n), counts[first + dt.timedelta(days=n)])
        for n in range(CHART_DAYS)
    )

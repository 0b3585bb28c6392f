"""``frontline_dates``: find date expressions and resolve them against ``doc._.published``.

Handles explicit dates ("15 August", "August 15, 2019", "25 September 2020"), weekdays
("on Thursday", "last Friday"), and relative words ("yesterday", "last night", "today",
"this morning", "overnight"). Writes ``doc.spans["frontline_dates"]``; ``span._.date`` is
the resolved :class:`datetime.date` (None when it cannot be worked out, e.g. no
published date for a weekday). Labels: ``explicit``, ``weekday``, ``relative``, ``vague``,
and ``span`` for a date that bounds a stretch of time ("since 29 March").
"""

from __future__ import annotations

import datetime as dt
import logging
import re

from spacy.language import Language
from spacy.tokens import Doc

from nlp.extensions import SPANS_DATES

logger = logging.getLogger(__name__)

MONTHS = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        1,
    )
    for m in names
}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_RE = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
_DAY_MONTH = re.compile(
    rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<month>{_MONTH_RE})\b(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.I,
)
_MONTH_DAY = re.compile(
    rf"\b(?P<month>{_MONTH_RE})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>(?:19|20)\d\d))?",
    re.I,
)
_WEEKDAY = re.compile(
    r"\b(?P<mod>last|on|this|early on|late on|from|until|overnight on)?\s*"
    r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s)?"
    r"(?P<part>\s+(?:morning|afternoon|evening|night))?\b",
    re.I,
)
_RELATIVE = re.compile(
    r"\b(?P<word>yesterday|the day before|last night|earlier today|today|tonight|this morning"
    r"|this afternoon|this evening|overnight|in the early hours of today|the previous day)\b",
    re.I,
)
_AGO = re.compile(
    r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
    r"(?P<unit>years?|months?|weeks?|days?)\s+ago(?:\s+(?P<when>today|yesterday))?\b",
    re.I,
)
_HOLIDAYS = re.compile(
    r"\b(?P<name>New Year's Eve|New Year's Day|Christmas Eve|Christmas Day|Boxing Day"
    r"|Bonfire Night|Halloween|Hallowe'en)\b",
    re.I,
)
_HOLIDAY_DATES = {"new year's eve": (12, 31), "new year's day": (1, 1), "christmas eve": (12, 24),
                  "christmas day": (12, 25), "boxing day": (12, 26), "bonfire night": (11, 5),
                  "halloween": (10, 31), "hallowe'en": (10, 31)}
_LAST_YEAR = re.compile(r",?\s+(?:of\s+)?last\s+year\b", re.I)
"""After a day and month: the year before publication ("on 23 April last year")."""
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
_RELATIVE_DAYS = {
    "yesterday": -1, "last night": -1, "the day before": None, "the previous day": None,
    "earlier today": 0, "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
    "this evening": 0, "overnight": 0, "in the early hours of today": 0,
}


def resolve_weekday(weekday: str, published: dt.date | None, modifier: str = "") -> dt.date | None:
    """The last ``weekday`` on or before ``published`` (strictly before for "last Monday")."""
    if published is None:
        return None
    target = WEEKDAYS.index(weekday.lower())
    back = (published.weekday() - target) % 7
    if back == 0 and modifier.lower() == "last":
        back = 7
    return published - dt.timedelta(days=back)


def resolve_day_month(
    day: int, month: int, year: int | None, published: dt.date | None
) -> dt.date | None:
    """An explicit day and month; the year from ``published`` when not given (never future)."""
    if year is None:
        if published is None:
            return None
        year = published.year
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        if candidate > published + dt.timedelta(days=1):
            candidate = candidate.replace(year=year - 1)
        return candidate
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def resolve_ago(match: re.Match, published: dt.date | None) -> dt.date | None:
    """"Twelve months ago today" against the published date (None without "today"/"yesterday"
    for months and years, which name no day)."""
    if published is None:
        return None
    raw = match.group("n").lower()
    n = _NUMBERS.get(raw) or int(raw)
    unit = match.group("unit").lower().rstrip("s")
    when = (match.group("when") or "").lower()
    if unit in ("year", "month") and not when:
        return None
    base = published - dt.timedelta(days=1) if when == "yesterday" else published
    if unit == "day":
        return base - dt.timedelta(days=n)
    if unit == "week":
        return base - dt.timedelta(weeks=n)
    months = n * 12 if unit == "year" else n
    year, month = divmod(base.year * 12 + base.month - 1 - months, 12)
    try:
        return base.replace(year=year, month=month + 1)
    except ValueError:
        return None


def find_dates(text: str, published: dt.date | None) -> list[tuple[int, int, str, dt.date | None]]:
    """Date expressions in ``text``: (start, end, label, resolved date) sorted by start."""
    found: list[tuple[int, int, str, dt.date | None]] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for rx in (_DAY_MONTH, _MONTH_DAY):
        for m in rx.finditer(text):
            if not free(m.start(), m.end()):
                continue
            month = MONTHS[m.group("month").lower()]
            if m.group("month").lower() == "may" and rx is _MONTH_DAY and not m.group("year") \
                    and not _AFTER_WEEKDAY.search(text[max(m.start() - 12, 0):m.start()]):
                continue  # "may 5 people" is not a date; "Sunday, May 7" is
            year = int(m.group("year")) if m.group("year") else None
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                continue
            end = m.end()
            last_year = _LAST_YEAR.match(text, end)
            if year is None and last_year and published is not None:
                year, end = published.year - 1, last_year.end()  # "23 April last year"
            found.append((m.start(), end, "explicit",
                          resolve_day_month(day, month, year, published)))
            taken.append((m.start(), end))
    for m in _WEEKDAY.finditer(text):
        start = m.start("weekday") if not m.group("mod") else m.start()
        if not free(start, m.end()):
            continue
        date = resolve_weekday(m.group("weekday"), published, (m.group("mod") or "").strip())
        found.append((start, m.end(), "weekday", date))
        taken.append((start, m.end()))
    for m in _AGO.finditer(text):
        if not free(m.start(), m.end()):
            continue
        found.append((m.start(), m.end(), "relative", resolve_ago(m, published)))
        taken.append((m.start(), m.end()))
    for m in _HOLIDAYS.finditer(text):
        if not free(m.start(), m.end()):
            continue
        month, day = _HOLIDAY_DATES[m.group("name").lower().replace("’", "'")]
        date = None
        if published is not None:
            date = dt.date(published.year, month, day)
            if date > published:
                date = date.replace(year=published.year - 1)
        found.append((m.start(), m.end(), "explicit", date))
        taken.append((m.start(), m.end()))
    for m in _RELATIVE.finditer(text):
        if not free(m.start(), m.end()):
            continue
        offset = _RELATIVE_DAYS[m.group("word").lower()]
        date = published + dt.timedelta(days=offset) if published and offset is not None else None
        found.append((m.start(), m.end(), "relative", date))
        taken.append((m.start(), m.end()))
    explicit = [(s, d) for s, _, label, d in found if label == "explicit"]
    found = [f for f in found if not (f[2] == "weekday" and any(  # "on Sunday, 7 May"
        0 <= s - f[1] <= 3 for s, _ in explicit))]
    return sorted((start, end, "span" if _bounds_a_stretch(text, start, end) else label, date)
                  for start, end, label, date in found)


_AFTER_WEEKDAY = re.compile(
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+$", re.I)
_SPAN_START = re.compile(r"\b(?:since|until|till)\s+(?:on\s+)?$", re.I)
_WHEN_NEXT = re.compile(r"^,?\s+when\b", re.I)


def _bounds_a_stretch(text: str, start: int, end: int) -> bool:
    """Is the date at ``start:end`` the edge of a stretch of time ("rising disorder since
    29 March"), dating no single event? Not when an event follows ("since last Thursday,
    when a constable was struck")."""
    return bool(_SPAN_START.search(text[max(start - 12, 0):start])) and not _WHEN_NEXT.match(
        text[end:end + 10])


class DateFinder:
    """Regex date finding over the doc text, aligned to token spans."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        spans = []
        for start, end, label, date in find_dates(doc.text, published):
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is None:
                continue
            span._.date = date
            spans.append(span)
        doc.spans[SPANS_DATES] = spans
        return doc


@Language.factory("frontline_dates", default_config={})
def make_date_finder(nlp: Language, name: str) -> DateFinder:
    """Factory of :class:`DateFinder`."""
    return DateFinder(name)

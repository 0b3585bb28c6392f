"""The words of the digest and the alerts: severities, weapons, numbers, dates, one-line summaries.

Summaries are written from the extracted fields, never copied from a headline, so a
scraped title can neither mislead the reader nor smuggle text into the digest's own prose.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from nlp.mentions import SEVERITIES
from nlp.mentions import severity_rank as _worst_first

SEVERITY_LABELS = {
    "killed": "Killed",
    "serious": "Seriously injured",
    "injured": "Injured",
    "uninjured": "Not injured",
    "unknown": "Injuries not reported",
}

WEAPON_LABELS = {
    "bladed": "knife or blade",
    "firearm": "firearm",
    "vehicle": "vehicle",
    "blunt": "blunt object",
    "bodily": "punches, kicks or bites",
    "spitting": "spitting",
    "corrosive": "corrosive substance",
    "animal": "animal",
    "incendiary": "fire or explosive",
    "other": "other weapon",
    "unknown": "not reported",
}

_WEAPON_PHRASES = {
    "bladed": "with a blade",
    "firearm": "with a firearm",
    "vehicle": "with a vehicle",
    "blunt": "with a blunt object",
    "corrosive": "with a corrosive substance",
    "animal": "with an animal",
    "incendiary": "with fire or an explosive",
    "other": "with a weapon",
}

_NUMBER_WORDS = (
    "no",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2066-\u2069]+")


def severity_rank(severity: str | None) -> int:
    """How bad ``severity`` is: 5 for killed down to 1 for unknown, 0 for anything else
    (the order of :data:`nlp.mentions.SEVERITIES`, counted the other way)."""
    severity = severity or "unknown"
    return len(SEVERITIES) - _worst_first(severity) if severity in SEVERITIES else 0


def severity_label(severity: str | None) -> str:
    """The reader's words for a severity level, e.g. ``serious`` → "Seriously injured"."""
    return SEVERITY_LABELS.get(severity or "unknown", str(severity))


def weapon_label(weapon: str) -> str:
    """The reader's words for a weapon category, e.g. ``bladed`` → "knife or blade"."""
    return WEAPON_LABELS.get(weapon, weapon)


def number_words(count: int) -> str:
    """``2`` → "two"; numbers above ten stay digits."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else str(count)


def one_line(text: str | None, limit: int = 300) -> str:
    """``text`` on one line: control and direction characters removed, spaces collapsed, cut."""
    if not text:
        return ""
    flat = " ".join(_CONTROL.sub(" ", text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def format_day(day: dt.date | None) -> str:
    """``2026-11-24`` → "Tuesday 24 November 2026"; "date not reported" for None."""
    if day is None:
        return "date not reported"
    return f"{day:%A} {day.day} {day:%B %Y}"


def short_day(day: dt.date | None) -> str:
    """``2026-11-24`` → "24 Nov"; "?" for None."""
    return "?" if day is None else f"{day.day} {day:%b}"


def _officers_phrase(officers: int | None) -> tuple[str, bool]:
    """The subject of the summary and whether it is plural."""
    if officers is None or officers < 1:
        return "Officers", True
    if officers == 1:
        return "An officer", False
    return f"{number_words(officers).capitalize()} officers", True


def _what_happened(severity: str, weapons: Sequence[str], plural: bool) -> str:
    be = "were" if plural else "was"
    how = " and ".join(
        _WEAPON_PHRASES[w].removeprefix("with ") for w in weapons if w in _WEAPON_PHRASES
    )
    how = f" with {how}" if how else ""
    kinds = set(weapons) - {"unknown"}
    verb = (
        "spat at"
        if kinds == {"spitting"}
        else "assaulted"
        if kinds <= {"bodily", "spitting"} and kinds
        else "attacked"
    )
    outcome = {"killed": "killed", "serious": "seriously injured", "injured": "injured"}.get(
        severity
    )
    if outcome and how:
        return f"{be} {outcome}{how}"
    if outcome:
        return f"{be} {verb} and {outcome}"
    if severity == "uninjured":
        return f"{be} {verb}{how} but not injured"
    return f"{be} {verb}{how}"


def summarise(
    *,
    force: str | None,
    location: str | None,
    date: dt.date | None,
    weapons: Sequence[str],
    officers: int | None,
    severity: str,
) -> str:
    """One sentence from an incident's fields, e.g.
    "Two officers were attacked with a blade; seriously injured, in Leyton (Metropolitan Police
    Service) on Friday 8 August 2019."."""
    subject, plural = _officers_phrase(officers)
    sentence = f"{subject} {_what_happened(severity, weapons, plural)}"
    place = one_line(location, 80)
    if place:
        sentence += f" in {place}"
    if force:
        sentence += f" ({force})" if place else f" in the {force} area"
    if date is not None:
        sentence += f" on {format_day(date)}"
    return sentence + "."

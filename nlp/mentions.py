"""What nlp/ reads out of an article: values that cross into storage/ and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SEVERITIES = ("killed", "serious", "injured", "uninjured", "unknown")
"""Severity levels, worst first (the contract's vocabulary)."""

PLACE_KINDS = (("street", "venue"), ("district", "village"), ("town", "city"), ("county",),
               ("region", "network"), ("country",))
"""Kinds of place, most specific first; kinds in one tuple are equally specific."""


def severity_rank(severity: str | None) -> int:
    """0 for ``killed``, the worst, up to ``unknown``; anything else ranks as unknown."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES) - 1


def place_rank(kind: str | None) -> int:
    """How specific a place of ``kind`` is: 0 for a street or venue, 1 for a district or
    village, 2 for a town or city (and any kind not listed), up to 5 for a country."""
    for rank, kinds in enumerate(PLACE_KINDS):
        if kind in kinds:
            return rank
    return 2


@dataclass(frozen=True)
class ArticleInput:
    """One article to read: the input shape of the extraction contract."""

    id: str
    title: str
    text: str
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None


def document_text(title: str, text: str) -> str:
    """The string that nlp/ analyses; evidence offsets point into it."""
    title = (title or "").strip()
    return f"{title}\n\n{text}" if title else text


@dataclass(frozen=True)
class Evidence:
    """The sentence a field was read from: offsets into :func:`document_text`, and the id
    of the rule or pattern that read it (``verb-passive``, ``critical``, ``bladed-nouns``;
    empty when the field was inferred rather than matched)."""

    start: int
    end: int
    text: str
    rule: str = ""


@dataclass(frozen=True)
class IncidentMention:
    """One attack as one article reports it."""

    force: str | None
    location: str | None
    weapons: tuple[str, ...]
    date: dt.date | None
    officers: int | None
    severity: str
    latitude: float | None = None
    longitude: float | None = None
    summary: str = ""
    evidence: dict[str, Evidence] = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything read from one article."""

    article_id: str
    relevant: bool
    incidents: tuple[IncidentMention, ...] = ()
    relevance_evidence: Evidence | None = None

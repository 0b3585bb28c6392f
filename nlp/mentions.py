"""What nlp/ reads out of an article: values that cross into storage/ and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SEVERITIES = ("killed", "serious", "injured", "uninjured", "unknown")
"""Severity levels, worst first (the contract's vocabulary)."""


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
    """The sentence a field was read from: offsets into :func:`document_text`."""

    start: int
    end: int
    text: str


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

"""Storing what nlp/ read from an article: one ``Mention`` row per reported attack.

Mentions are replaced in place by ordinal, so storing the same extraction twice
changes no row, and a mention that keeps its ordinal keeps its incident (and with
it any analyst decision about that incident) across re-extraction.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from sqlalchemy.orm import Session

from nlp.mentions import ArticleExtraction, Evidence, IncidentMention
from storage.models import Article, Mention, utcnow

logger = logging.getLogger(__name__)


def evidence_json(evidence: dict[str, Evidence]) -> dict[str, Any]:
    """Evidence as stored: ``{field: {start, end, text}}``, fields in a stable order."""
    return {
        name: {"start": ev.start, "end": ev.end, "text": ev.text}
        for name, ev in sorted(evidence.items())
    }


_SITE_WORDS = re.compile(
    r"^(?:near|outside|in|at)\s+|\s+(?:railway station|bus station|police station|station|"
    r"town centre|city centre|centre|high street|airport)$",
    re.IGNORECASE,
)


def place_candidates(location: str) -> list[str]:
    """Names to look ``location`` up under, most specific first.

    "Leyton High Road, east London" → itself, "Leyton High Road", "east London";
    "Hainault station" → itself, "Hainault" (a site inside a known place gets its coordinates).
    """
    names = [location.strip()]
    names += [part.strip() for part in location.split(",") if part.strip()]
    for name in list(names):
        shorter = name
        while (trimmed := _SITE_WORDS.sub("", shorter).strip()) and trimmed != shorter:
            names.append(trimmed)
            shorter = trimmed
    return list(dict.fromkeys(names))


def place_coordinates(location: str | None) -> tuple[float | None, float | None]:
    """Latitude and longitude of ``location`` (or of the known place it lies in), else (None, None)."""
    if not location:
        return None, None
    from nlp.gazetteer import lookup

    for name in place_candidates(location):
        place = lookup(name)
        if place is not None:
            return place.latitude, place.longitude
    return None, None


def _mention_values(mention: IncidentMention, relevance: Evidence | None) -> dict[str, Any]:
    latitude, longitude = mention.latitude, mention.longitude
    if latitude is None or longitude is None:
        latitude, longitude = place_coordinates(mention.location)
    evidence = dict(mention.evidence)
    if relevance is not None and "relevant" not in evidence:
        evidence["relevant"] = relevance
    return {
        "force": mention.force,
        "location": mention.location,
        "latitude": latitude,
        "longitude": longitude,
        "weapons": sorted(set(mention.weapons)),
        "date": mention.date,
        "officers": mention.officers,
        "severity": mention.severity or "unknown",
        "summary": mention.summary or "",
        "evidence": evidence_json(evidence),
    }


def store_extraction(session: Session, article: Article, extraction: ArticleExtraction) -> list[Mention]:
    """Replace ``article``'s mentions with ``extraction``'s and mark the article extracted.

    Idempotent: the same extraction stored twice leaves every mention row as it was.
    A mention stored under an existing ordinal keeps its row and its incident; rows
    beyond the new count are deleted. Irrelevant articles keep no mentions.
    """
    incidents = extraction.incidents if extraction.relevant else ()
    existing = {mention.ordinal: mention for mention in article.mentions}
    stored: list[Mention] = []
    for ordinal, incident in enumerate(incidents):
        row = existing.pop(ordinal, None)
        if row is None:
            row = Mention(ordinal=ordinal, match={})
            article.mentions.append(row)
        for name, value in _mention_values(incident, extraction.relevance_evidence).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        stored.append(row)
    for stale in existing.values():
        article.mentions.remove(stale)
        session.delete(stale)
    article.relevant = extraction.relevant
    article.status = "extracted"
    article.status_reason = None
    article.extracted_at = utcnow()
    article.extracted_hash = article.content_hash
    session.flush()
    logger.debug(
        "article %s: relevant=%s, %d mention(s)", article.id, extraction.relevant, len(stored)
    )
    return stored

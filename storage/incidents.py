"""The incident record: mentions stored from nlp/, read back for resolution, fields reconciled.

Mentions are replaced in place by ordinal, so storing the same extraction twice
changes no row, and a mention that keeps its ordinal keeps its incident (and with
it any analyst decision about that incident) across re-extraction. An incident's
fields are reconciled from all its mentions (most specific place, worst severity,
union of weapons...) and summarised in one line written from those fields.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session, selectinload

from nlp.mentions import (
    SEVERITIES,
    ArticleExtraction,
    Evidence,
    IncidentMention,
    place_rank,
    severity_rank,
)
from storage.models import Article, ArticleUrl, IncidentCorrection, Mention, utcnow

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
            row = Mention(ordinal=ordinal, match={}, dirty=True)
            article.mentions.append(row)
        for name, value in _mention_values(incident, extraction.relevance_evidence).items():
            if getattr(row, name) != value:
                setattr(row, name, value)
                row.dirty = True
        stored.append(row)
    for stale in existing.values():
        if stale.incident_id is not None:
            mark_incidents_dirty(session, [stale.incident_id])
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


def mark_incidents_dirty(session: Session, incident_ids: Iterable[int]) -> None:
    """Have the next resolution place every mention of these incidents again (one lost a
    mention, an analyst merged, split or corrected it)."""
    ids = sorted(set(incident_ids))
    if ids:
        session.execute(update(Mention).where(Mention.incident_id.in_(ids)).values(dirty=True))


# --- mentions as resolution reads them ---------------------------------------------------

Ref = tuple[int, int]
"""A mention named by ``(article_id, ordinal)``: stable across re-extraction."""

_WORD = re.compile(r"[a-z0-9]+")
_PLACE_NOISE = frozenset(
    {
        "the", "of", "in", "on", "at", "near", "a", "an", "and", "road", "street", "lane",
        "avenue", "way", "close", "drive", "station", "city", "centre", "center", "town", "area",
    }
)
_STOP = frozenset(
    {
        "the", "a", "an", "and", "or", "of", "in", "on", "at", "to", "for", "from", "by", "with",
        "was", "were", "is", "are", "has", "have", "had", "been", "be", "his", "her", "their",
        "its", "this", "that", "who", "which", "after", "before", "when", "while", "as", "it",
        "he", "she", "they", "them", "said", "says", "told", "police", "officer", "officers",
        "pc", "man", "woman", "year", "old", "years",
    }
)
_STREETISH = re.compile(
    r"\b(road|street|lane|avenue|way|close|drive|crescent|gardens|place|square|station|"
    r"terrace|hill|park|estate|centre|car park|high street)\b",
    re.IGNORECASE,
)
_COURT = re.compile(
    r"\b(court|sentenced|sentencing|jailed|trial|jury|verdict|guilty|convicted|inquest|"
    r"pleaded|judge|anniversary|hearing)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class MentionView:
    """A mention with what resolution compares, read once from the database."""

    id: int
    ref: Ref
    order: tuple[str, int]
    incident_id: int | None
    force: str | None
    location: str | None
    place_tokens: frozenset[str]
    place_kind: str
    latitude: float | None
    longitude: float | None
    date: dt.date | None
    published: dt.datetime | None
    court: bool
    weapons: frozenset[str]
    officers: int | None
    severity: str
    words: frozenset[str]
    outlet: str
    outlets: frozenset[str]
    evidence: dict[str, Any] = field(hash=False, compare=False)
    dirty: bool = field(default=True, hash=False, compare=False)
    """New or changed since resolution last placed it."""

    @property
    def published_date(self) -> dt.date | None:
        return self.published.date() if self.published else None

    @property
    def real_weapons(self) -> frozenset[str]:
        return self.weapons - {"unknown"}


# --- reading mentions -------------------------------------------------------------------


def _tokens(text: str | None, noise: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in _WORD.findall((text or "").lower()) if w not in noise)


@lru_cache(maxsize=65536)
def place_kind(location: str | None) -> str:
    """What kind of place ``location`` is (town, street...), ``unknown`` when not known."""
    if not location:
        return "unknown"
    from nlp.gazetteer import lookup

    place = lookup(location)
    if place is not None:
        return place.kind
    return "street" if _STREETISH.search(location) else "unknown"


def _outlet(article: Article) -> str:
    if article.outlet:
        return article.outlet.strip().lower()
    if article.source is not None:
        return article.source.name.lower()
    return urlsplit(article.canonical_url).netloc.lower().removeprefix("www.") or "unknown"


def _view(mention: Mention, syndicated: dict[int, set[str]]) -> MentionView:
    article = mention.article
    evidence = mention.evidence or {}
    sentences = " ".join(
        str(item.get("text", "")) for item in evidence.values() if isinstance(item, dict)
    )
    outlet = _outlet(article)
    return MentionView(
        id=mention.id,
        ref=(article.id, mention.ordinal),
        order=(article.canonical_url, mention.ordinal),
        incident_id=mention.incident_id,
        force=mention.force,
        location=mention.location,
        place_tokens=_tokens(mention.location, _PLACE_NOISE),
        place_kind=place_kind(mention.location),
        latitude=mention.latitude,
        longitude=mention.longitude,
        date=mention.date,
        published=article.published,
        court=reads_as_court_report(article.title, article.text),
        weapons=frozenset(mention.weapons or ()),
        officers=mention.officers,
        severity=mention.severity or "unknown",
        words=_tokens(f"{sentences} {mention.summary}", _STOP),
        outlet=outlet,
        outlets=frozenset({outlet, *syndicated.get(article.id, ())}),
        evidence=evidence,
        dirty=bool(mention.dirty),
    )


ID_CHUNK = 1000
"""Ids per ``IN (...)`` list, well under every driver's limit on bound parameters."""


def id_chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    """``ids``, sorted and without repeats, in lists of at most ``ID_CHUNK`` for ``IN``."""
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), ID_CHUNK):
        yield ordered[start:start + ID_CHUNK]


def reads_as_court_report(title: str | None, text: str | None) -> bool:
    """Does the article tell a court step (trial, sentencing, jailed)?"""
    return bool(_COURT.search(f"{title or ''}\n{text or ''}"))


def load_mentions(session: Session, ids: Iterable[int] | None = None) -> list[MentionView]:
    """Every mention of a relevant article (or only those of ``ids``), in canonical order
    (URL, ordinal)."""
    base = (
        select(Mention)
        .join(Article, Mention.article_id == Article.id)
        .where(Article.relevant.is_(True))
        .options(selectinload(Mention.article).selectinload(Article.source))
    )
    chunks = [base] if ids is None else [
        base.where(Mention.id.in_(chunk)) for chunk in id_chunks(ids)]
    mentions = [m for stmt in chunks for m in session.scalars(stmt)]
    syndicated: dict[int, set[str]] = {}
    outlets = select(ArticleUrl.article_id, ArticleUrl.outlet).where(
        ArticleUrl.kind == "syndicated", ArticleUrl.outlet.is_not(None))
    queries = [outlets] if ids is None else [
        outlets.where(ArticleUrl.article_id.in_(chunk))
        for chunk in id_chunks(m.article_id for m in mentions)]
    for query in queries:
        for article_id, outlet in session.execute(query):
            syndicated.setdefault(article_id, set()).add((outlet or "").strip().lower())
    views = [_view(m, syndicated) for m in mentions]
    return sorted(views, key=lambda v: v.order)


# --- reconciling incident fields ---------------------------------------------------------


def _evidence(view: MentionView, name: str) -> dict[str, Any]:
    item = view.evidence.get(name) or {}
    return {
        "article_id": view.ref[0],
        "ordinal": view.ref[1],
        "text": item.get("text"),
        "start": item.get("start"),
        "end": item.get("end"),
    }


def _pick_place(members: list[MentionView]) -> tuple[MentionView | None, MentionView | None]:
    located = [m for m in members if m.location]
    if not located:
        return None, None
    counts = Counter(m.location for m in located)
    best = min(
        located,
        key=lambda m: (
            place_rank(m.place_kind),
            m.latitude is None,
            -counts[m.location],
            m.location,
        ),
    )
    coordinates = best if best.latitude is not None else None
    if coordinates is None:
        with_coordinates = [m for m in located if m.latitude is not None]
        if with_coordinates:
            coordinates = min(
                with_coordinates,
                key=lambda m: (place_rank(m.place_kind), -counts[m.location], m.location),
            )
    return best, coordinates


def _pick_date(members: list[MentionView]) -> MentionView | None:
    """The earliest of the most-reported dates that are not after their article was published."""
    plausible = [
        m
        for m in members
        if m.date and (m.published_date is None or m.date <= m.published_date + dt.timedelta(days=1))
    ]
    if not plausible:
        return None
    counts = Counter(m.date for m in plausible)
    return min(plausible, key=lambda m: (-counts[m.date], m.date, _first_reported(m)))


def _first_reported(view: MentionView) -> tuple[dt.datetime, tuple[str, int]]:
    return (view.published or dt.datetime.max.replace(tzinfo=dt.UTC), view.order)


def reconcile(members: list[MentionView]) -> dict[str, Any]:
    """An incident's fields from its mentions, each with the sentence of its first report."""
    members = sorted(members, key=_first_reported)
    evidence: dict[str, Any] = {}
    fields: dict[str, Any] = {}

    forces = Counter(m.force for m in members if m.force)
    fields["force"] = min(forces, key=lambda f: (-forces[f], f)) if forces else None
    if fields["force"]:
        source = next(m for m in members if m.force == fields["force"])
        evidence["force"] = _evidence(source, "force")

    place, coordinates = _pick_place(members)
    fields["location"] = place.location if place else None
    fields["latitude"] = coordinates.latitude if coordinates else None
    fields["longitude"] = coordinates.longitude if coordinates else None
    if place:
        evidence["location"] = _evidence(place, "location")

    dated = _pick_date(members)
    fields["date"] = dated.date if dated else None
    if dated:
        evidence["date"] = _evidence(dated, "date")

    weapons = set().union(*(m.weapons for m in members))
    if weapons - {"unknown"}:
        weapons -= {"unknown"}
    fields["weapons"] = sorted(weapons)
    for m in members:
        if m.weapons & weapons:
            evidence["weapons"] = _evidence(m, "weapons")
            break

    counted = [m for m in members if m.officers is not None]
    fields["officers"] = max(m.officers for m in counted) if counted else None  # type: ignore[type-var]
    if counted:
        evidence["officers"] = _evidence(max(counted, key=lambda m: m.officers or 0), "officers")

    worst = min(members, key=lambda m: severity_rank(m.severity))
    fields["severity"] = worst.severity if worst.severity in SEVERITIES else "unknown"
    if fields["severity"] != "unknown":
        evidence["severity"] = _evidence(worst, "severity")

    published = sorted(m.published for m in members if m.published)
    fields["first_reported"] = published[0] if published else None
    fields["last_reported"] = published[-1] if published else None
    fields["outlet_count"] = len(set().union(*(m.outlets for m in members)))
    fields["evidence"] = evidence
    return fields


def apply_corrections(fields: dict[str, Any], corrections: Iterable[IncidentCorrection]) -> None:
    """Analyst corrections win over extraction: overwrite ``fields`` in place."""
    for correction in corrections:
        value = correction.value.get("value")
        if correction.field == "date":
            fields["date"] = dt.date.fromisoformat(value) if value else None
        elif correction.field == "location":
            fields["location"] = value
            fields["latitude"] = correction.value.get("latitude")
            fields["longitude"] = correction.value.get("longitude")
        else:
            fields[correction.field] = value
        fields["evidence"] = {
            **fields["evidence"],
            correction.field: {"corrected_by": correction.by, "at": correction.at.isoformat()},
        }


_NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]
_WEAPON_PHRASES = {
    "bladed": "a blade",
    "firearm": "a firearm",
    "vehicle": "a vehicle",
    "blunt": "a blunt weapon",
    "corrosive": "a corrosive substance",
    "animal": "an animal",
    "incendiary": "fire or explosives",
    "other": "a weapon",
}
_SEVERITY_VERBS = {
    "killed": "killed",
    "serious": "seriously injured",
    "injured": "injured",
    "uninjured": "attacked",
    "unknown": "attacked",
}


def _subject(officers: int | None) -> str:
    if officers == 1:
        return "An officer"
    if officers and officers < len(_NUMBERS):
        return f"{_NUMBERS[officers].capitalize()} officers"
    return f"{officers} officers" if officers else "Officers"


def _attack(severity: str, weapons: list[str]) -> str:
    """What happened, e.g. "seriously injured with a blade", "spat at and assaulted"."""
    tools = [_WEAPON_PHRASES[w] for w in weapons if w in _WEAPON_PHRASES]
    bodily, spat = "bodily" in weapons, "spitting" in weapons
    verb = _SEVERITY_VERBS.get(severity, "attacked")
    if verb == "attacked" and not tools and (bodily or spat):
        words = " and ".join(w for w, on in (("spat at", spat), ("assaulted", bodily)) if on)
    else:
        words = verb
        if tools:
            words += " with " + " and ".join(tools)
        elif bodily:
            words += " in an assault"
        if spat:
            words += " and spat at"
    return words + (" (not injured)" if severity == "uninjured" else "")


def summarise(fields: dict[str, Any]) -> str:
    """One line written from the fields, e.g. "Two officers seriously injured with a blade in
    Leyton (Metropolitan Police Service), 8 Aug 2019"."""
    line = f"{_subject(fields.get('officers'))} "
    line += _attack(fields.get("severity") or "unknown", fields.get("weapons") or [])
    if fields.get("location"):
        line += f" in {fields['location']}"
    if fields.get("force"):
        line += f" ({fields['force']})"
    date = fields.get("date")
    if date:
        line += f", {date.day} {date:%b %Y}"
    elif fields.get("first_reported"):
        reported = fields["first_reported"]
        line += f", reported {reported.day} {reported:%b %Y}"
    return line

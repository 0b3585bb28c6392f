"""Analyst review: confirm, reject, merge, split and correct incidents, with an audit log.

Every decision is one ``review_action`` row saying who decided what, and when.
Decisions outlive automatic resolution: review states and corrections stay on the
incident (whose id resolution keeps stable), and merges and splits are replayed from
the log by storage/resolution.py on every run, naming mentions by
``(article_id, ordinal)`` so that re-extraction does not undo them.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontline.errors import InputError
from nlp.mentions import SEVERITIES
from storage.incidents import mark_incidents_dirty, place_coordinates
from storage.models import Article, Incident, IncidentCorrection, Mention, ReviewAction, utcnow
from storage.resolution import ResolveReport, resolve_incidents

logger = logging.getLogger(__name__)

CORRECTABLE_FIELDS = ("force", "location", "date", "weapons", "officers", "severity")
"""Incident fields an analyst may set."""
WEAPON_CATEGORIES = (
    "bladed", "firearm", "vehicle", "blunt", "bodily", "spitting", "corrosive", "animal",
    "incendiary", "other", "unknown",
)
"""The contract's weapon categories (``weapons.txt``)."""


def get_incident_or_fail(session: Session, incident_id: int) -> Incident:
    """The incident ``incident_id``, or an :class:`InputError` naming it."""
    incident = session.get(Incident, incident_id)
    if incident is None:
        raise InputError(f"incident {incident_id} does not exist")
    return incident


def _refs(incident: Incident) -> list[list[int]]:
    return sorted([m.article_id, m.ordinal] for m in incident.mentions)


def _record(session: Session, incident_id: int | None, action: str, by: str, **values: Any) -> ReviewAction:
    row = ReviewAction(incident_id=incident_id, action=action, by=by, at=utcnow(), **values)
    session.add(row)
    session.flush()
    logger.info("review: %s %s incident %s", by, action, incident_id)
    return row


def set_review_status(
    session: Session, incident_id: int, status: str, *, by: str, note: str | None = None
) -> ReviewAction:
    """Mark an incident ``confirmed`` or ``rejected`` (it stays so across every rerun)."""
    if status not in ("confirmed", "rejected", "unreviewed"):
        raise InputError(f"review status {status!r} is not one of confirmed, rejected, unreviewed")
    incident = get_incident_or_fail(session, incident_id)
    old = incident.review_status
    incident.review_status = status
    action = {"confirmed": "confirm", "rejected": "reject"}.get(status, "reopen")
    return _record(
        session, incident_id, action, by, note=note,
        old_value={"review_status": old}, new_value={"review_status": status},
        payload={"mentions": _refs(incident)},
    )


def confirm_incident(session: Session, incident_id: int, *, by: str, note: str | None = None) -> ReviewAction:
    """An analyst confirms the incident is a real attack on police, correctly gathered."""
    return set_review_status(session, incident_id, "confirmed", by=by, note=note)


def reject_incident(session: Session, incident_id: int, *, by: str, note: str | None = None) -> ReviewAction:
    """An analyst rejects the incident (not an attack on police): hidden from queries."""
    return set_review_status(session, incident_id, "rejected", by=by, note=note)


def merge_incidents(
    session: Session, keep_id: int, other_id: int, *, by: str, note: str | None = None
) -> ResolveReport:
    """Merge incident ``other_id`` into ``keep_id``: one attack, reported twice.

    The mentions of both are joined for good (replayed on every resolution); the
    kept incident keeps its review state and corrections, and takes the other's
    corrections of fields it has not corrected itself.
    """
    if keep_id == other_id:
        raise InputError(f"cannot merge incident {keep_id} with itself")
    keep = get_incident_or_fail(session, keep_id)
    other = get_incident_or_fail(session, other_id)
    refs = sorted(_refs(keep) + _refs(other))
    _record(
        session, keep_id, "merge", by, note=note,
        old_value={"incidents": [keep_id, other_id]}, new_value={"incident": keep_id},
        payload={"mentions": refs, "merged": other_id},
    )
    corrected = {c.field for c in session.scalars(select(IncidentCorrection).where(IncidentCorrection.incident_id == keep_id))}
    for correction in session.scalars(select(IncidentCorrection).where(IncidentCorrection.incident_id == other_id)):
        if correction.field not in corrected:
            correction.incident_id = keep_id
    for mention in list(other.mentions):
        mention.incident_id = keep_id
    session.flush()
    mark_incidents_dirty(session, [keep_id])
    session.expire(keep, ["mentions"])
    session.expire(other, ["mentions"])
    return resolve_incidents(session)


def split_mention(
    session: Session, mention_id: int, *, by: str, note: str | None = None
) -> Incident:
    """Take one mention out of its incident into an incident of its own (kept alone on reruns)."""
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise InputError(f"mention {mention_id} does not exist")
    old_incident = mention.incident_id
    if old_incident is not None:
        mark_incidents_dirty(session, [old_incident])
    incident = Incident(review_status="unreviewed")
    session.add(incident)
    session.flush()
    mention.incident_id = incident.id
    mention.dirty = True
    _record(
        session, incident.id, "split", by, note=note,
        old_value={"incident": old_incident}, new_value={"incident": incident.id},
        payload={"mention": [mention.article_id, mention.ordinal]},
    )
    session.flush()
    resolve_incidents(session)
    session.refresh(mention)
    return session.get_one(Incident, mention.incident_id)


def parse_correction(field: str, value: str) -> dict[str, Any]:
    """The stored form of an analyst's ``value`` for ``field``; InputError names what is wrong."""
    text = value.strip()
    empty = text.lower() in ("", "none", "null", "-")
    if field not in CORRECTABLE_FIELDS:
        raise InputError(f"field {field!r} cannot be corrected; choose one of {', '.join(CORRECTABLE_FIELDS)}")
    if field == "force":
        if empty:
            return {"value": None}
        from nlp.gazetteer import force_for_name

        name = force_for_name(text)
        if name is None:
            raise InputError(f"force {text!r} is not a UK police force name or alias")
        return {"value": name}
    if field == "location":
        if empty:
            return {"value": None, "latitude": None, "longitude": None}
        latitude, longitude = place_coordinates(text)
        return {"value": text, "latitude": latitude, "longitude": longitude}
    if field == "date":
        if empty:
            return {"value": None}
        try:
            return {"value": dt.date.fromisoformat(text).isoformat()}
        except ValueError as exc:
            raise InputError(f"date {text!r} is not an ISO date such as 2019-08-08") from exc
    if field == "weapons":
        weapons = sorted({w.strip().lower() for w in text.split(",") if w.strip()}) if not empty else []
        unknown = [w for w in weapons if w not in WEAPON_CATEGORIES]
        if unknown:
            raise InputError(
                f"weapons {', '.join(unknown)} not in {', '.join(WEAPON_CATEGORIES)}"
            )
        return {"value": weapons}
    if field == "officers":
        if empty:
            return {"value": None}
        if not text.isdigit() or int(text) < 1:
            raise InputError(f"officers {text!r} is not a positive whole number")
        return {"value": int(text)}
    if text not in SEVERITIES:
        raise InputError(f"severity {text!r} is not one of {', '.join(SEVERITIES)}")
    return {"value": text}


def correct_incident(
    session: Session, incident_id: int, field: str, value: str, *, by: str, note: str | None = None
) -> IncidentCorrection:
    """Set ``field`` of the incident to ``value``; it wins over extraction on every rerun."""
    incident = get_incident_or_fail(session, incident_id)
    stored = parse_correction(field, value)
    old = getattr(incident, field)
    correction = session.scalar(
        select(IncidentCorrection).where(
            IncidentCorrection.incident_id == incident_id, IncidentCorrection.field == field
        )
    )
    if correction is None:
        correction = IncidentCorrection(incident_id=incident_id, field=field)
        session.add(correction)
    correction.value, correction.by, correction.at = stored, by, utcnow()
    _record(
        session, incident_id, "correct", by, field=field, note=note,
        old_value={"value": old.isoformat() if isinstance(old, dt.date) else old},
        new_value=stored, payload={"mentions": _refs(incident)},
    )
    mark_incidents_dirty(session, [incident_id])
    resolve_incidents(session)
    return correction


@dataclass(frozen=True)
class SourceMention:
    """One article's report of an incident, as ``review show`` prints it."""

    mention_id: int
    article_id: int
    ordinal: int
    url: str
    title: str
    outlet: str | None
    published: dt.datetime | None
    fields: dict[str, Any]
    evidence: dict[str, Any]
    match: dict[str, Any]


@dataclass(frozen=True)
class IncidentDetail:
    """An incident with its sources, evidence, merge explanation and review history."""

    incident: Incident
    sources: tuple[SourceMention, ...]
    corrections: tuple[IncidentCorrection, ...]
    history: tuple[ReviewAction, ...]


def incident_detail(session: Session, incident_id: int) -> IncidentDetail:
    """Everything an analyst needs to judge incident ``incident_id``."""
    incident = get_incident_or_fail(session, incident_id)
    rows = session.execute(
        select(Mention, Article)
        .join(Article, Mention.article_id == Article.id)
        .where(Mention.incident_id == incident_id)
        .order_by(Article.published, Article.id, Mention.ordinal)
    )
    sources = tuple(
        SourceMention(
            mention_id=m.id, article_id=a.id, ordinal=m.ordinal, url=a.canonical_url,
            title=a.title, outlet=a.outlet, published=a.published,
            fields={
                "force": m.force, "location": m.location,
                "date": m.date.isoformat() if m.date else None, "weapons": m.weapons,
                "officers": m.officers, "severity": m.severity,
            },
            evidence=m.evidence, match=m.match,
        )
        for m, a in rows
    )
    corrections = tuple(
        session.scalars(select(IncidentCorrection).where(IncidentCorrection.incident_id == incident_id).order_by(IncidentCorrection.field))
    )
    history = tuple(
        session.scalars(select(ReviewAction).where(ReviewAction.incident_id == incident_id).order_by(ReviewAction.id))
    )
    return IncidentDetail(incident, sources, corrections, history)

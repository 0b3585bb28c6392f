"""Incident resolution: one incident per real attack, however many articles report it.

A run places the mentions stored or changed since the last run (``Mention.dirty``): it
reads them, their neighbours (blocking, storage/blocking.py: same force or force unknown,
and reported within ``NEAR_DAYS`` of each other, or at the same specific place within
``WINDOW_DAYS``) and every mention of the incidents those belong to, and re-clusters that
part of the knowledge base only; the rest is not read. Only pairs in one block are ever
compared. ``resolve_incidents(session, full=True)`` re-clusters
everything (after a rule change). Within the part read, the result depends only on what
the articles say, never on the order they arrived in:

1. Each pair of mentions gets component scores (force, place, date, weapons,
   officers, severity, evidence wording) and a weighted total, or a veto naming the
   reason they cannot be one attack (different forces, places far apart, dates that
   disagree, two attacks listed separately by one article...).
2. Analyst merges are joined first; then candidate pairs are taken best first (ties
   broken by canonical URL and ordinal) and their clusters joined when no cross pair
   is vetoed and the cross pairs score well on average.
3. Clusters are matched to the existing incidents they overlap most, so incident ids
   (and the analyst decisions on them) stay put; the rest become new incidents.
4. Each incident's fields are reconciled from its mentions, then analyst
   corrections are applied over them. Each mention's ``match`` says why it is where it is.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists, select, text, update
from sqlalchemy.orm import Session

from nlp.gazetteer import distance_km
from nlp.mentions import place_rank
from storage.blocking import BlockKey, Blocks, affected_mentions, reference_day, specific_place
from storage.incidents import (
    MentionView,
    Ref,
    apply_corrections,
    id_chunks,
    load_mentions,
    reconcile,
    summarise,
)
from storage.models import Article, Incident, IncidentCorrection, Mention, ReviewAction

logger = logging.getLogger(__name__)

LINK_THRESHOLD = 0.62
"""A pair of mentions scoring at least this (0..1) is a candidate for the same incident."""
MEAN_THRESHOLD = 0.5
"""Two clusters are joined only if their cross pairs average at least this."""
WEIGHTS = {
    "force": 1.0,
    "place": 2.0,
    "date": 2.0,
    "weapons": 1.0,
    "officers": 0.5,
    "severity": 0.5,
    "text": 1.5,
}
FAR_KM = 60.0
"""Places further apart than this are different attacks."""
SAME_WORDING = 0.5
"""Text score above which two mentions with different weapons may still be one attack."""
WINDOW_DAYS = 3 * 366
"""Mentions whose dates (or publication) are further apart are never compared."""
DATE_GAP_DAYS = 3
"""Attack dates further apart than this are different attacks (see ``_date_score``)."""
NEAR_DAYS = 31
"""Mentions of one force this close in time are compared wherever they are; further apart
(a trial months later), only when they name the same specific place (storage/blocking.py)."""
HEARING_DAYS = 7
"""A court report's date this close to its publication is taken as the hearing's."""

@dataclass(frozen=True)
class ResolveReport:
    """What one resolution run changed."""

    created: int = 0
    updated: int = 0
    removed: int = 0


@dataclass(frozen=True)
class Comparison:
    """How alike two mentions are: weighted total in 0..1, components, or a veto."""

    score: float
    components: dict[str, float]
    veto: str | None = None

    def explain(self) -> dict[str, Any]:
        """The comparison as stored in ``Mention.match``."""
        out: dict[str, Any] = {
            "score": round(self.score, 3),
            "components": {k: round(v, 3) for k, v in self.components.items()},
        }
        if self.veto:
            out["veto"] = self.veto
        return out


# --- comparing two mentions -------------------------------------------------------------


def _force_score(a: MentionView, b: MentionView) -> tuple[float, str | None]:
    if a.force and b.force:
        if a.force == b.force:
            return 1.0, None
        return 0.0, f"forces differ ({a.force} / {b.force})"
    return 0.5, None


def _place_score(a: MentionView, b: MentionView) -> tuple[float, str | None]:
    if not a.location or not b.location:
        return 0.4, None
    ta, tb = a.place_tokens, b.place_tokens
    if ta and tb and (ta <= tb or tb <= ta):
        return 1.0, None
    if None not in (a.latitude, a.longitude, b.latitude, b.longitude):
        km = distance_km(a.latitude, a.longitude, b.latitude, b.longitude)  # type: ignore[arg-type]
        if km > FAR_KM:
            return 0.0, f"places {km:.0f} km apart ({a.location} / {b.location})"
        specific = max(place_rank(a.place_kind), place_rank(b.place_kind)) <= 1
        if km <= 3:
            return (0.6 if specific else 0.9), None
        if km <= 10:
            return (0.3 if specific else 0.7), None
        if km <= 25:
            return 0.4, None
        return 0.15, None
    if ta & tb:
        return 0.5, None
    if a.place_kind == "street" and b.place_kind == "street":
        return 0.05, None  # two different named streets
    return 0.3, None


def _hearing_date(view: MentionView) -> bool:
    """A court report's date near its publication is likely the hearing's, not the attack's."""
    return bool(
        view.court
        and view.date
        and view.published_date
        and abs((view.published_date - view.date).days) <= HEARING_DAYS
    )


def _attack_date(view: MentionView, other: MentionView) -> dt.date | None:
    """``view``'s date, unless it looks like a hearing date later than what ``other`` knows."""
    if not _hearing_date(view):
        return view.date
    known = other.date or other.published_date
    if known and view.date and (view.date - known).days > 3:
        return None
    return view.date


def _date_score(a: MentionView, b: MentionView) -> tuple[float, str | None]:
    da, db = _attack_date(a, b), _attack_date(b, a)
    if da and db:
        gap = abs((da - db).days)
        if gap == 0:
            return 1.0, None
        if gap == 1:
            return 0.8, None
        if gap <= DATE_GAP_DAYS:
            return 0.5, None
        return 0.0, f"dates {gap} days apart ({da} / {db})"
    if da or db:
        known, other = (da, b) if da else (db, a)
        if other.published_date:
            lag = (other.published_date - known).days  # type: ignore[operator]
            if lag < -1:
                return 0.0, f"reported {-lag} days before the attack on {known}"
            if lag <= 7:
                return 0.8, None
            if lag <= 30:
                return 0.5, None
            return (0.5 if other.court else 0.15), None
    if a.published_date and b.published_date:
        gap = abs((a.published_date - b.published_date).days)
        if gap <= 7:
            return 0.6, None
        if gap <= 30:
            return 0.4, None
        return (0.3 if a.court or b.court else 0.1), None
    return 0.3, None


def _weapons_score(a: MentionView, b: MentionView) -> tuple[float, str | None]:
    wa, wb = a.real_weapons, b.real_weapons
    if wa and wb:
        if wa & wb:
            return 0.5 + 0.5 * len(wa & wb) / len(wa | wb), None
        if _text_score(a, b) < SAME_WORDING:
            return 0.0, f"weapons and wording differ ({', '.join(sorted(wa))} / {', '.join(sorted(wb))})"
        return 0.0, None
    return 0.5, None


def _officers_score(a: MentionView, b: MentionView) -> float:
    if a.officers is None or b.officers is None:
        return 0.5
    return 1.0 if a.officers == b.officers else 0.25


def _severity_score(a: MentionView, b: MentionView) -> float:
    if "unknown" in (a.severity, b.severity):
        return 0.5
    if a.severity == b.severity:
        return 1.0
    if "killed" in (a.severity, b.severity):
        return 0.0
    return 0.4


def _text_score(a: MentionView, b: MentionView) -> float:
    if not a.words or not b.words:
        return 0.3
    jaccard = len(a.words & b.words) / len(a.words | b.words)
    return min(1.0, 2.5 * jaccard)


def compare(a: MentionView, b: MentionView) -> Comparison:
    """Score how likely ``a`` and ``b`` report the same attack (symmetric, deterministic)."""
    if a.ref[0] == b.ref[0]:
        return Comparison(0.0, {}, "listed as separate attacks by one article")
    components: dict[str, float] = {}
    for name, scorer in (
        ("force", _force_score),
        ("date", _date_score),
        ("place", _place_score),
        ("weapons", _weapons_score),
    ):
        value, veto = scorer(a, b)
        components[name] = value
        if veto:  # the rest cannot change the verdict
            return Comparison(0.0, components, veto)
    components["officers"] = _officers_score(a, b)
    components["severity"] = _severity_score(a, b)
    components["text"] = _text_score(a, b)
    total = sum(WEIGHTS[k] * v for k, v in components.items()) / sum(WEIGHTS.values())
    return Comparison(total, components)


# --- clustering -------------------------------------------------------------------------


@dataclass
class AnalystConstraints:
    """What analysts decided: groups of mentions that must stay together, mentions kept alone."""

    groups: list[set[Ref]] = field(default_factory=list)
    isolated: set[Ref] = field(default_factory=set)
    actions: dict[Ref, int] = field(default_factory=dict)


def _ref(value: Iterable[Any]) -> Ref:
    article_id, ordinal = value
    return int(article_id), int(ordinal)


def load_constraints(session: Session) -> AnalystConstraints:
    """Replay merges and splits from the audit log, oldest first."""
    constraints = AnalystConstraints()
    stmt = (
        select(ReviewAction)
        .where(ReviewAction.action.in_(("merge", "split")))
        .order_by(ReviewAction.id)
    )
    for action in session.scalars(stmt):
        if action.action == "merge":
            refs = {_ref(item) for item in action.payload.get("mentions", [])}
            joined = set(refs)
            rest = []
            for group in constraints.groups:
                if group & refs:
                    joined |= group
                else:
                    rest.append(group)
            constraints.groups = [*rest, joined]
            for ref in refs:
                constraints.actions[ref] = action.id
        else:
            ref = _ref(action.payload["mention"])
            constraints.isolated.add(ref)
            constraints.groups = [g - {ref} for g in constraints.groups if len(g - {ref}) > 1]
            constraints.actions[ref] = action.id
    return constraints


class _Clusters:
    """Union-find over mention indexes, with the members of each root."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj:
            return
        keep, drop = min(ri, rj), max(ri, rj)
        self.parent[drop] = keep
        self.members[keep] += self.members.pop(drop)


@dataclass(frozen=True)
class Clustering:
    """Clusters of mention indexes and, per mention, why it is in its cluster."""

    clusters: list[list[int]]
    reasons: dict[int, dict[str, Any]]


def cluster_mentions(
    views: list[MentionView], constraints: AnalystConstraints, dirty: set[int] | None = None
) -> Clustering:
    """Group ``views`` (in canonical order) into incidents; see the module docstring.

    With ``dirty`` (indexes of the new and changed views), the other views stay in the
    incidents they are in, and only pairs with a dirty view are scored: the new mentions
    join those incidents, found new ones, or bridge two into one. Reasons are given for
    the dirty views only (the others keep theirs).
    """
    index = {view.ref: i for i, view in enumerate(views)}
    cache: dict[tuple[int, int], Comparison] = {}

    def pair(i: int, j: int) -> Comparison:
        key = (i, j) if i < j else (j, i)
        if key not in cache:
            cache[key] = compare(views[key[0]], views[key[1]])
        return cache[key]

    clusters = _Clusters(len(views))
    reasons: dict[int, dict[str, Any]] = {}
    for group in constraints.groups:
        present = sorted(index[ref] for ref in group if ref in index)
        for i in present[1:]:
            clusters.union(present[0], i)
        for i in present if len(present) > 1 else ():
            reasons[i] = {"rule": "analyst merge", "review_action": constraints.actions.get(views[i].ref)}

    if dirty is not None:
        placed: dict[int, int] = {}
        for i, view in enumerate(views):
            if i not in dirty and view.incident_id is not None:
                if view.incident_id in placed:
                    clusters.union(placed[view.incident_id], i)
                else:
                    placed[view.incident_id] = i

    candidates: list[tuple[float, tuple[str, int], tuple[str, int], int, int]] = []
    for i, j in _candidate_pairs(views, constraints.isolated, dirty):
        comparison = pair(i, j)
        if comparison.veto is None and comparison.score >= LINK_THRESHOLD:
            candidates.append((-comparison.score, views[i].order, views[j].order, i, j))
    candidates.sort()

    for _, _, _, i, j in candidates:
        ri, rj = clusters.find(i), clusters.find(j)
        if ri == rj:
            continue
        cross = [pair(x, y) for x in clusters.members[ri] for y in clusters.members[rj]]
        if any(c.veto for c in cross):
            continue
        if sum(c.score for c in cross) / len(cross) < MEAN_THRESHOLD:
            continue
        clusters.union(i, j)

    groups = sorted(
        (sorted(members) for members in clusters.members.values()), key=lambda m: m[0]
    )
    nearest = _nearest(views, cache)
    for members in groups:
        for i in members:
            if i in reasons or (dirty is not None and i not in dirty):
                continue
            others = [j for j in members if j != i]
            if others:
                best = min(others, key=lambda j: (-pair(i, j).score, views[j].order))
                reasons[i] = {"rule": "merged", "with": _describe(views[best]), **pair(i, best).explain()}
            else:
                reasons[i] = _alone_reason(i, views, nearest, constraints.isolated)
    return Clustering(groups, reasons)


def _candidate_pairs(
    views: list[MentionView], isolated: set[Ref], dirty: set[int] | None = None
) -> Iterable[tuple[int, int]]:
    """Pairs worth scoring: those in one block (storage/blocking.py) and, with ``dirty``,
    with a dirty view; in a fixed order."""
    keys = [
        BlockKey(i, view.force, reference_day(view.date, view.published),
                 specific_place(view.location, view.place_kind), view.date is not None)
        for i, view in enumerate(views) if view.ref not in isolated
    ]
    blocks = Blocks(keys, NEAR_DAYS, WINDOW_DAYS, DATE_GAP_DAYS)
    return sorted(blocks.pairs(keys if dirty is None else [k for k in keys if k.key in dirty]))


def _describe(view: MentionView) -> dict[str, Any]:
    return {"article_id": view.ref[0], "ordinal": view.ref[1], "url": view.order[0]}


def _nearest(
    views: list[MentionView], scored: dict[tuple[int, int], Comparison]
) -> dict[int, tuple[Comparison, int]]:
    """For each mention, the best-scoring other mention it was compared with."""
    best: dict[int, tuple[Comparison, int]] = {}
    for (x, y), comparison in scored.items():
        for i, j in ((x, y), (y, x)):
            current = best.get(i)
            if current is None or (-comparison.score, views[j].order) < (
                -current[0].score,
                views[current[1]].order,
            ):
                best[i] = (comparison, j)
    return best


def _alone_reason(
    i: int, views: list[MentionView], nearest: dict[int, tuple[Comparison, int]], isolated: set[Ref]
) -> dict[str, Any]:
    if views[i].ref in isolated:
        return {"rule": "analyst split"}
    reason: dict[str, Any] = {"rule": "new"}
    if i in nearest:
        comparison, j = nearest[i]
        reason["nearest"] = {**_describe(views[j]), **comparison.explain()}
    return reason


# --- writing incidents ------------------------------------------------------------------

_INCIDENT_FIELDS = (
    "force", "location", "latitude", "longitude", "date", "weapons", "officers", "severity",
    "first_reported", "last_reported", "outlet_count", "evidence", "summary",
)


def _assign_incidents(
    clusters: list[list[int]], views: list[MentionView]
) -> dict[int, int | None]:
    """Map each cluster (by position) to the existing incident it overlaps most, or None."""
    overlaps = []
    for position, members in enumerate(clusters):
        counts = Counter(views[i].incident_id for i in members if views[i].incident_id is not None)
        overlaps += [(-count, incident_id, position) for incident_id, count in counts.items()]
    overlaps.sort()
    assigned: dict[int, int | None] = dict.fromkeys(range(len(clusters)))
    taken: set[int] = set()
    for _, incident_id, position in overlaps:
        if assigned[position] is None and incident_id is not None and incident_id not in taken:
            assigned[position] = incident_id
            taken.add(incident_id)
    return assigned


def _heirs(
    clusters: list[list[int]], views: list[MentionView], surviving: set[int | None]
) -> dict[int, list[int]]:
    """For incidents about to disappear, the cluster (by position) holding most of their mentions."""
    counts: dict[int, Counter[int]] = {}
    for position, members in enumerate(clusters):
        for i in members:
            old = views[i].incident_id
            if old is not None and old not in surviving:
                counts.setdefault(old, Counter())[position] += 1
    heirs: dict[int, list[int]] = {}
    for old, by_position in sorted(counts.items()):
        position = min(by_position, key=lambda p: (-by_position[p], p))
        heirs.setdefault(position, []).append(old)
    return heirs


def _inherit_corrections(
    incident: Incident, absorbed: int, corrections: dict[int, list[IncidentCorrection]]
) -> None:
    """Move an absorbed incident's corrections of fields the survivor has not corrected."""
    own = {c.field for c in corrections.get(incident.id, [])}
    for correction in corrections.pop(absorbed, []):
        if correction.field not in own:
            correction.incident_id = incident.id
            corrections.setdefault(incident.id, []).append(correction)
            logger.info(
                "incident %s absorbed into %s: kept its %s correction", absorbed, incident.id, correction.field
            )


RESOLUTION_LOCK = 0x66726F6E  # "fron"


def lock_resolution(session: Session) -> None:
    """Make concurrent resolutions (a flow and an analyst, say) take turns until commit.

    PostgreSQL: a transaction-scoped advisory lock. SQLite: an empty write, which takes
    the database's write lock before anything is read.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": RESOLUTION_LOCK})
    elif dialect == "sqlite":
        session.execute(text("UPDATE incident SET id = id WHERE 0 = 1"))


def resolve_incidents(session: Session, *, full: bool = False) -> ResolveReport:
    """Place the new and changed mentions into incidents (every mention with ``full``);
    see the module docstring.

    Idempotent: a second run finds nothing dirty and changes nothing. Incident ids stay
    with the incident that shares most mentions.
    """
    lock_resolution(session)
    if full:
        views = load_mentions(session)
    elif session.scalar(select(exists().where(
            Mention.dirty.is_(True), Mention.article_id == Article.id, Article.relevant.is_(True)))):
        views = load_mentions(session, affected_mentions(
            session, near_days=NEAR_DAYS, window_days=WINDOW_DAYS, date_gap=DATE_GAP_DAYS))
    else:
        removed = _remove_empty_incidents(session)
        logger.info("resolution: nothing new to place; %d empty incident(s) removed", removed)
        return ResolveReport(removed=removed)
    dirty = None if full else {i for i, view in enumerate(views) if view.dirty}
    clustering = cluster_mentions(views, load_constraints(session), dirty)
    report = _write_incidents(session, views, clustering, full)
    _mark_placed(session, [view.id for view in views])
    logger.info(
        "resolved %d mention(s)%s into %d incident(s): %d created, %d updated, %d removed",
        len(views), "" if full else " near the new ones", len(clustering.clusters),
        report.created, report.updated, report.removed,
    )
    return report


def _write_incidents(
    session: Session, views: list[MentionView], clustering: Clustering, full: bool
) -> ResolveReport:
    """Store ``clustering`` of ``views``: incidents created, refreshed and removed, each
    mention's incident and reason. Only incidents the views belong to are touched, unless
    ``full``."""
    assigned = _assign_incidents(clustering.clusters, views)
    touched = sorted({v.incident_id for v in views if v.incident_id is not None})
    incidents = {i.id: i for i in _in_chunks(session, Incident, Incident.id, touched, full)}
    # One query per chunk of mention rows: the views hold only ids, and fetching each row by
    # id would cost a SELECT per mention once the session lets go of the rows loaded before.
    rows = {row.id: row for row in _in_chunks(session, Mention, Mention.id,
                                              [v.id for v in views], full)}
    corrections: dict[int, list[IncidentCorrection]] = {}
    for correction in _in_chunks(session, IncidentCorrection, IncidentCorrection.incident_id,
                                 touched, full):
        corrections.setdefault(correction.incident_id, []).append(correction)
    for items in corrections.values():
        items.sort(key=lambda c: c.id)

    heirs = _heirs(clustering.clusters, views, set(assigned.values()))
    # Incremental runs leave alone the incidents read only as candidates: no dirty mention
    # joined or left them.
    left = {v.incident_id for v in views if v.dirty and v.incident_id is not None}

    created = updated = 0
    kept: set[int] = set()
    for position, members in enumerate(clustering.clusters):
        incident_id = assigned[position]
        incident = incidents.get(incident_id) if incident_id is not None else None
        if not full and incident is not None and incident_id not in left and not heirs.get(
                position) and not any(views[i].dirty for i in members):
            kept.add(incident.id)
            continue
        changed = False
        if incident is None:
            incident = Incident()
            session.add(incident)
            session.flush()
            created += 1
        kept.add(incident.id)
        for absorbed in heirs.get(position, ()):
            _inherit_corrections(incident, absorbed, corrections)
        fields = reconcile([views[i] for i in members])
        apply_corrections(fields, corrections.get(incident.id, []))
        fields["summary"] = summarise(fields)
        for name in _INCIDENT_FIELDS:
            if getattr(incident, name) != fields[name]:
                setattr(incident, name, fields[name])
                changed = True
        for i in members:
            row = rows[views[i].id]
            if row.incident_id != incident.id:
                row.incident_id = incident.id
                changed = True
            reason = clustering.reasons.get(i)
            if reason is not None and row.match != reason:
                row.match = reason
        updated += changed and incident_id is not None

    if full:
        orphans = session.scalars(
            select(Mention)
            .join(Article, Mention.article_id == Article.id)
            .where(Mention.incident_id.is_not(None), Article.relevant.is_not(True))
        )
        for row in orphans:
            row.incident_id = None
            row.match = {}
    session.flush()
    removed = 0
    for incident_id, incident in incidents.items():
        if incident_id not in kept:
            session.delete(incident)
            removed += 1
    session.flush()
    if not full:
        removed += _remove_empty_incidents(session)
    return ResolveReport(created=created, updated=updated, removed=removed)


def _in_chunks(session: Session, model: Any, column: Any, ids: list[int], everything: bool
               ) -> list[Any]:
    """Rows of ``model`` whose ``column`` is in ``ids`` (every row when ``everything``)."""
    if everything:
        return list(session.scalars(select(model)))
    return [row for chunk in id_chunks(ids)
            for row in session.scalars(select(model).where(column.in_(chunk)))]


def _mark_placed(session: Session, mention_ids: list[int]) -> None:
    """Clear the dirty flag of the mentions this run read (not of any a concurrent ingest
    stored meanwhile: they wait for the next run)."""
    for chunk in id_chunks(mention_ids):
        session.execute(update(Mention).where(Mention.id.in_(chunk)).values(dirty=False))


def _remove_empty_incidents(session: Session) -> int:
    """Delete incidents left with no mention (their articles were re-read as irrelevant)."""
    empty = select(Incident).where(~exists().where(Mention.incident_id == Incident.id))
    removed = 0
    for incident in session.scalars(empty).all():
        session.delete(incident)
        removed += 1
    session.flush()
    return removed

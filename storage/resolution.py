"""Incident resolution: one incident per real attack, however many articles report it.

Every run recomputes the clusters over all relevant mentions, so the result depends
only on what the articles say, never on the order they arrived in:

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

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from nlp.gazetteer import distance_km
from nlp.mentions import place_rank
from storage.incidents import (
    MentionView,
    Ref,
    apply_corrections,
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
        if gap <= 3:
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


def cluster_mentions(views: list[MentionView], constraints: AnalystConstraints) -> Clustering:
    """Group ``views`` (in canonical order) into incidents; see the module docstring."""
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

    candidates: list[tuple[float, tuple[str, int], tuple[str, int], int, int]] = []
    for i, j in _candidate_pairs(views, constraints.isolated):
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
            if i in reasons:
                continue
            others = [j for j in members if j != i]
            if others:
                best = min(others, key=lambda j: (-pair(i, j).score, views[j].order))
                reasons[i] = {"rule": "merged", "with": _describe(views[best]), **pair(i, best).explain()}
            else:
                reasons[i] = _alone_reason(i, views, nearest, constraints.isolated)
    return Clustering(groups, reasons)


def _reference_day(view: MentionView) -> int | None:
    day = view.date or view.published_date
    return day.toordinal() if day else None


def _candidate_pairs(views: list[MentionView], isolated: set[Ref]) -> Iterable[tuple[int, int]]:
    """Pairs worth scoring: same force (or unknown on one side), reported within ``WINDOW_DAYS``."""
    by_force: dict[str | None, list[int]] = {}
    for i, view in enumerate(views):
        if view.ref not in isolated:
            by_force.setdefault(view.force, []).append(i)
    unknown = by_force.pop(None, [])
    for members in by_force.values():
        yield from _within_window(members + unknown, views, first=set(members))
    yield from _within_window(unknown, views, first=set(unknown))


def _within_window(
    members: list[int], views: list[MentionView], first: set[int]
) -> Iterable[tuple[int, int]]:
    """Pairs of ``members`` (at least one in ``first``) whose reference days are close."""
    days = {i: _reference_day(views[i]) for i in members}
    dated = sorted((i for i in members if days[i] is not None), key=lambda i: (days[i], i))
    undated = sorted(i for i in members if days[i] is None)
    for position, i in enumerate(dated):
        for j in dated[position + 1 :]:
            if days[j] - days[i] > WINDOW_DAYS:  # type: ignore[operator]
                break
            if i in first or j in first:
                yield min(i, j), max(i, j)
    for position, i in enumerate(undated):
        for j in undated[position + 1 :] + dated:
            if i in first or j in first:
                yield min(i, j), max(i, j)


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
        if assigned[position] is None and incident_id not in taken:
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


def resolve_incidents(session: Session) -> ResolveReport:
    """Recompute the incidents from every relevant mention; see the module docstring.

    Idempotent and independent of the order articles were stored in: a second run
    changes nothing, and incident ids stay with the incident that shares most mentions.
    """
    lock_resolution(session)
    views = load_mentions(session)
    clustering = cluster_mentions(views, load_constraints(session))
    assigned = _assign_incidents(clustering.clusters, views)
    incidents = {i.id: i for i in session.scalars(select(Incident))}
    # One query for every mention row: the views hold only ids, and fetching each row by id
    # would cost a SELECT per mention once the session lets go of the rows load_mentions read.
    rows = {row.id: row for row in session.scalars(select(Mention))}
    corrections: dict[int, list[IncidentCorrection]] = {}
    for correction in session.scalars(select(IncidentCorrection).order_by(IncidentCorrection.id)):
        corrections.setdefault(correction.incident_id, []).append(correction)

    heirs = _heirs(clustering.clusters, views, set(assigned.values()))

    created = updated = 0
    kept: set[int] = set()
    for position, members in enumerate(clustering.clusters):
        incident_id = assigned[position]
        incident = incidents.get(incident_id) if incident_id is not None else None
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
            if row.match != clustering.reasons[i]:
                row.match = clustering.reasons[i]
        updated += changed and incident_id is not None

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
    report = ResolveReport(created=created, updated=updated, removed=removed)
    logger.info(
        "resolved %d mention(s) into %d incident(s): %d created, %d updated, %d removed",
        len(views), len(clustering.clusters), created, updated, removed,
    )
    return report

"""Full-text search over article titles and texts and incident summaries.

SQLite uses the FTS5 tables ``fts_article`` and ``fts_incident`` (kept in sync by
triggers, see migration 0004) ranked by bm25; PostgreSQL uses the stored tsvectors of
the tables ``fts_article`` and ``fts_incident`` (id, document; GIN-indexed and kept in
sync by triggers, see migration 0007) ranked by ``ts_rank``. Either way the query is
plain words: every word must match (English stemming), and punctuation is ignored,
so user input can never break the query syntax.

Each search ranks its newest ``CANDIDATES`` matches (or ``limit``, if more) in the
database and stops at its limit there; articles lead to their incidents through a join
on that ranked subquery, so no list of ids travels back.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import text
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)

# Ranking every match of a common word costs a heap visit per match (140 ms for 90k
# matches at 1M incidents on PostgreSQL), so each search ranks only its newest
# candidates: the ``max(limit, CANDIDATES)`` matches with the highest ids, which both
# databases find by walking the id order and stopping there.
CANDIDATES = 2000

# The best ``:limit`` of the newest ``:candidates`` matches as (id, score), lower score first.
_SQLITE_HITS = {
    table: f"SELECT id, score FROM (SELECT rowid AS id, bm25(fts_{table}{weights}) AS score "
    f"FROM fts_{table} WHERE fts_{table} MATCH :q ORDER BY rowid DESC LIMIT :candidates) "
    "ORDER BY score, id LIMIT :limit"
    for table, weights in (("article", ", 3.0, 1.0"), ("incident", ""))
}
_POSTGRES_HITS = {
    table: "SELECT id, -ts_rank(document, plainto_tsquery('english', :q)) AS score "
    f"FROM (SELECT id, document FROM fts_{table} WHERE document @@ plainto_tsquery('english', :q) "
    "ORDER BY id DESC LIMIT :candidates) AS candidate ORDER BY score, id LIMIT :limit"
    for table in ("article", "incident")
}


def query_words(q: str) -> list[str]:
    """The words of a user query, lower-cased, punctuation dropped."""
    return [w.lower() for w in _WORD.findall(q or "")]


def _fts5_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def _hits(session: Session, table: str, words: list[str], limit: int) -> tuple[str, dict[str, str | int]]:
    """The subquery of the best ``limit`` matches in ``table`` for ``words``, and its parameters."""
    params: dict[str, str | int] = {"limit": limit, "candidates": max(limit, CANDIDATES)}
    if session.get_bind().dialect.name == "sqlite":
        return _SQLITE_HITS[table], {**params, "q": _fts5_query(words)}
    return _POSTGRES_HITS[table], {**params, "q": " ".join(words)}


def search_articles(session: Session, q: str, *, limit: int = 100) -> list[int]:
    """Ids of the articles whose title or text holds every word of ``q``, best first.

    Only the newest ``max(limit, CANDIDATES)`` such articles are ranked.
    """
    words = query_words(q)
    if not words:
        return []
    hits, params = _hits(session, "article", words, limit)
    return list(session.scalars(text(f"SELECT id FROM ({hits}) AS hit ORDER BY score, id"), params))


def search_incidents(
    session: Session, q: str, *, limit: int = 100, include_rejected: bool = False
) -> list[int]:
    """Ids of incidents matching ``q``, best first.

    Incidents whose summary, place or force hold every word come first (the best
    ``limit``), then incidents reported by the best ``5 * limit`` articles whose title
    or text hold them; each search ranks only its newest candidates (see
    ``CANDIDATES``). Rejected incidents are left out unless ``include_rejected``.
    """
    words = query_words(q)
    if not words:
        return []
    status = "" if include_rejected else " AND incident.review_status != 'rejected'"
    incident_hits, params = _hits(session, "incident", words, limit)
    by_fields = list(
        session.scalars(
            text(
                f"SELECT hit.id FROM ({incident_hits}) AS hit JOIN incident ON incident.id = hit.id "
                f"WHERE true{status} ORDER BY hit.score, hit.id"
            ),
            params,
        )
    )
    if len(by_fields) >= limit:
        return by_fields[:limit]  # articles could only add incidents past the limit
    article_hits, params = _hits(session, "article", words, limit * 5)
    by_articles = session.scalars(
        text(
            f"SELECT article_incident.incident_id FROM ({article_hits}) AS hit "
            "JOIN article_incident ON article_incident.article_id = hit.id "
            "JOIN incident ON incident.id = article_incident.incident_id "
            f"WHERE true{status} ORDER BY hit.score, hit.id, article_incident.incident_id"
        ),
        params,
    )
    found = dict.fromkeys(by_fields)
    for incident_id in by_articles:
        if len(found) >= limit:
            break
        found.setdefault(incident_id, None)
    return list(found)

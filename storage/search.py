"""Full-text search over article titles and texts and incident summaries.

SQLite uses the FTS5 tables ``fts_article`` and ``fts_incident`` (kept in sync by
triggers, see migration 0004) ranked by bm25; PostgreSQL uses ``to_tsvector``
expressions backed by GIN indexes, ranked by ``ts_rank``. Either way the query is
plain words: every word must match (English stemming), and punctuation is ignored,
so user input can never break the query syntax.
"""

from __future__ import annotations

import logging
import re

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from storage.models import Incident, Mention

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)

# Must match the index expressions of migration 0004 exactly, or PostgreSQL scans.
ARTICLE_DOCUMENT = (
    "to_tsvector('english', left(coalesce(title, '') || ' ' || coalesce(text, ''), 200000))"
)
INCIDENT_DOCUMENT = (
    "to_tsvector('english', coalesce(summary, '') || ' ' || coalesce(location, '') || ' ' "
    "|| coalesce(force, ''))"
)


def query_words(q: str) -> list[str]:
    """The words of a user query, lower-cased, punctuation dropped."""
    return [w.lower() for w in _WORD.findall(q or "")]


def _fts5_query(words: list[str]) -> str:
    return " ".join('"' + w.replace('"', "") + '"' for w in words)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def search_articles(session: Session, q: str, *, limit: int = 100) -> list[int]:
    """Ids of the articles whose title or text holds every word of ``q``, best first."""
    words = query_words(q)
    if not words:
        return []
    if _dialect(session) == "sqlite":
        stmt = text(
            "SELECT rowid FROM fts_article WHERE fts_article MATCH :q "
            "ORDER BY bm25(fts_article, 3.0, 1.0), rowid LIMIT :limit"
        )
        params = {"q": _fts5_query(words), "limit": limit}
    else:
        stmt = text(
            f"SELECT id FROM article WHERE {ARTICLE_DOCUMENT} @@ plainto_tsquery('english', :q) "
            f"ORDER BY ts_rank({ARTICLE_DOCUMENT}, plainto_tsquery('english', :q)) DESC, id "
            "LIMIT :limit"
        )
        params = {"q": " ".join(words), "limit": limit}
    return [row[0] for row in session.execute(stmt, params)]


def _search_incident_fields(session: Session, words: list[str], limit: int) -> list[int]:
    if _dialect(session) == "sqlite":
        stmt = text(
            "SELECT rowid FROM fts_incident WHERE fts_incident MATCH :q "
            "ORDER BY bm25(fts_incident), rowid LIMIT :limit"
        )
        params = {"q": _fts5_query(words), "limit": limit}
    else:
        stmt = text(
            f"SELECT id FROM incident WHERE {INCIDENT_DOCUMENT} @@ plainto_tsquery('english', :q) "
            f"ORDER BY ts_rank({INCIDENT_DOCUMENT}, plainto_tsquery('english', :q)) DESC, id "
            "LIMIT :limit"
        )
        params = {"q": " ".join(words), "limit": limit}
    return [row[0] for row in session.execute(stmt, params)]


def search_incidents(
    session: Session, q: str, *, limit: int = 100, include_rejected: bool = False
) -> list[int]:
    """Ids of incidents matching ``q``, best first.

    Incidents whose summary, place or force hold every word come first, then
    incidents reported by articles whose title or text hold them. Rejected
    incidents are left out unless ``include_rejected``.
    """
    words = query_words(q)
    if not words:
        return []
    found = _search_incident_fields(session, words, limit)
    article_ids = search_articles(session, q, limit=limit * 5)
    if article_ids:
        rank = {article_id: position for position, article_id in enumerate(article_ids)}
        rows = session.execute(
            select(Mention.article_id, Mention.incident_id).where(
                Mention.incident_id.is_not(None), Mention.article_id.in_(article_ids)
            )
        )
        for _, incident_id in sorted((rank[a], i) for a, i in rows):
            if incident_id not in found:
                found.append(incident_id)
    if not include_rejected and found:
        rejected = set(
            session.scalars(
                select(Incident.id).where(Incident.review_status == "rejected", Incident.id.in_(found))
            )
        )
        found = [i for i in found if i not in rejected]
    return found[:limit]

"""What the flow tests read back from a knowledge base filled from the demo site."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import select

from storage.database import open_database
from storage.models import Article, Incident, Mention

FORCES_ATTACKED = {
    "Metropolitan Police Service",
    "Staffordshire Police",
    "West Yorkshire Police",
    "South Wales Police",
    "Police Service of Northern Ireland",
    "Norfolk Constabulary",
}
"""Forces whose officers the demo site's true stories say were attacked."""

LOOKALIKES = {
    "taser-rollout-to-more-officers": "police policy, no attack",
    "luton-man-shot-by-armed-police": "police shooting a suspect",
    "hull-paramedic-assaulted": "a paramedic attacked",
    "nottingham-pc-guilty-of-assault": "an officer convicted of assault",
    "walthamstow-man-stabbed": "a civilian stabbing police investigate",
    "dublin-gardai-injured-in-riot": "an attack on police outside the UK",
}
"""Demo stories that look like attacks on UK officers and are not."""


@dataclass(frozen=True)
class Snapshot:
    """Rows of a knowledge base, by id, for comparing two runs."""

    articles: tuple[tuple[int, str, str, int | None], ...]
    """(id, URL path, status, id of the article it duplicates)"""
    incidents: tuple[tuple[int, str | None, str | None, tuple[str, ...]], ...]
    """(id, force, date, URL paths of its articles)"""
    mentions: tuple[tuple[int, int, int, int | None], ...]
    """(id, article id, ordinal, incident id)"""
    reasons: tuple[tuple[str, str], ...] = ()
    """(URL path, status reason) of articles that have one"""

    def signature(self) -> tuple:
        """The content without database ids: equal for two databases filled alike."""
        paths = {article_id: path for article_id, path, _, _ in self.articles}
        articles = tuple(
            sorted((path, status, paths.get(copy_of or 0, "")) for _, path, status, copy_of in self.articles)
        )
        incidents = tuple(sorted((force or "", date or "", paths) for _, force, date, paths in self.incidents))
        return articles, incidents

    def slug_incidents(self) -> dict[str, list[str | None]]:
        """For each story slug, the forces of the incidents it is a source of."""
        found: dict[str, list[str | None]] = {slug(path): [] for _, path, _, _ in self.articles}
        for _, force, _, paths in self.incidents:
            for path in paths:
                found[slug(path)].append(force)
        return found

    def duplicates(self) -> dict[str, str]:
        """Story slugs kept as copies of another story: copy -> original."""
        paths = {article_id: path for article_id, path, _, _ in self.articles}
        return {
            slug(path): slug(paths[copy_of])
            for _, path, _, copy_of in self.articles
            if copy_of is not None
        }


def slug(path: str) -> str:
    """The story's slug: the last part of its URL path."""
    return path.rsplit("/", 1)[-1]


def snapshot(database_url: str) -> Snapshot:
    """Read every article, incident and mention of the knowledge base at ``database_url``."""
    db = open_database(database_url, migrate=False)
    try:
        with db.session() as session:
            articles = tuple(
                (a.id, urlsplit(a.canonical_url).path, a.status, a.duplicate_of_id)
                for a in session.scalars(select(Article).order_by(Article.id))
            )
            incidents = tuple(
                (
                    i.id,
                    i.force,
                    i.date.isoformat() if i.date else None,
                    tuple(sorted(urlsplit(m.article.canonical_url).path for m in i.mentions)),
                )
                for i in session.scalars(select(Incident).order_by(Incident.id))
            )
            reasons = tuple(
                (urlsplit(a.canonical_url).path, a.status_reason)
                for a in session.scalars(select(Article).order_by(Article.id))
                if a.status_reason
            )
            mentions = tuple(
                (m.id, m.article_id, m.ordinal, m.incident_id)
                for m in session.scalars(select(Mention).order_by(Mention.id))
            )
    finally:
        db.dispose()
    return Snapshot(articles, incidents, mentions, reasons)

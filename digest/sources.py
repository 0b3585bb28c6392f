"""An incident's sources: one entry per outlet, the first report marked original, copies folded in.

Syndicated copies (an article marked ``duplicate_of`` another, the same text under another
outlet, or a ``syndicated`` URL of the article) and later follow-ups by the same outlet
are listed under the report they belong to rather than as sources of their own.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from digest.links import safe_url
from digest.wording import one_line
from storage.models import Article, ArticleUrl, Incident


@dataclass(frozen=True)
class Link:
    """Another article folded under a source: a follow-up by the same outlet or a copy."""

    url: str | None
    title: str
    outlet: str
    published: dt.datetime | None
    role: str  # "follow-up" or "copy"


@dataclass(frozen=True)
class SourceReport:
    """One outlet's report of an incident; ``original`` marks the first report of all."""

    url: str | None
    title: str
    outlet: str
    published: dt.datetime | None
    original: bool
    also: tuple[Link, ...] = ()


def outlet_name(article: Article) -> str:
    """The outlet's name as readers know it: its source's title ("The Borough Gazette"),
    else the outlet stored on the article, else the URL's host."""
    if article.source is not None and article.source.title:
        return one_line(article.source.title, 100)
    if article.outlet:
        return one_line(_readable(article.outlet), 100)
    if article.source is not None:
        return one_line(article.source.name, 100)
    host = urlsplit(article.canonical_url).hostname or "unknown outlet"
    return host.removeprefix("www.")


_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+$")


def _readable(outlet: str) -> str:
    """An outlet given as a registry slug ("the-argus") by its registry title, else in words
    ("The Argus"); any other name as it is."""
    if not _SLUG.match(outlet.strip()):
        return outlet
    title = _registry_titles().get(outlet.strip())
    return title or " ".join(w.capitalize() for w in outlet.strip().split("-"))


@lru_cache(maxsize=1)
def _registry_titles() -> dict[str, str]:
    """Source slug → title, from the bundled registry (crawlers/data/sources.yaml)."""
    from crawlers.registry import load_sources
    from frontline.errors import ConfigError

    try:
        return {spec.name: spec.title for spec in load_sources() if spec.title}
    except ConfigError:
        return {}


def _articles(incident: Incident, end: dt.datetime) -> list[Article]:
    """The incident's articles published before ``end`` (or undated), earliest first."""
    seen: dict[int, Article] = {}
    for mention in incident.mentions:
        article = mention.article
        if article.published is None or article.published < end:
            seen.setdefault(article.id, article)
    latest = dt.datetime.max.replace(tzinfo=dt.UTC)
    return sorted(seen.values(), key=lambda a: (a.published or latest, a.id))


def incident_sources(incident: Incident, end: dt.datetime) -> tuple[SourceReport, ...]:
    """One entry per outlet, first report marked original; follow-ups and copies folded in."""
    articles = _articles(incident, end)
    if not articles:
        return ()
    session = Session.object_session(incident)
    syndicated: dict[int, list[ArticleUrl]] = {}
    if session is not None:
        rows = session.scalars(
            select(ArticleUrl).where(
                ArticleUrl.article_id.in_([a.id for a in articles]), ArticleUrl.kind == "syndicated"
            )
        )
        for row in rows:
            syndicated.setdefault(row.article_id, []).append(row)

    by_id = {a.id: a for a in articles}
    first_with_hash: dict[str, Article] = {}
    copy_of: dict[int, int] = {}
    for article in articles:
        if article.duplicate_of_id in by_id:
            copy_of[article.id] = article.duplicate_of_id  # type: ignore[assignment]
        elif article.content_hash and article.content_hash in first_with_hash:
            copy_of[article.id] = first_with_hash[article.content_hash].id
        elif article.content_hash:
            first_with_hash[article.content_hash] = article

    heads: dict[str, Article] = {}
    folded: dict[int, list[Link]] = {}
    for article in articles:
        outlet = outlet_name(article)
        original_id = copy_of.get(article.id)
        if original_id is not None:
            target = _root(original_id, copy_of)
            folded.setdefault(target, []).append(_link(article, outlet, "copy"))
        elif outlet in heads:
            folded.setdefault(heads[outlet].id, []).append(_link(article, outlet, "follow-up"))
        else:
            heads[outlet] = article
        for row in syndicated.get(article.id, []):
            folded.setdefault(_root(article.id, copy_of), []).append(
                Link(
                    url=safe_url(row.url),
                    title=one_line(article.title) or "(untitled)",
                    outlet=one_line(row.outlet, 100)
                    or (urlsplit(row.url).hostname or "another outlet"),
                    published=article.published,
                    role="copy",
                )
            )

    reports = []
    for index, article in enumerate(heads.values()):
        reports.append(
            SourceReport(
                url=safe_url(article.canonical_url),
                title=one_line(article.title) or "(untitled)",
                outlet=outlet_name(article),
                published=article.published,
                original=index == 0,
                also=tuple(folded.get(article.id, ())),
            )
        )
    return tuple(reports)


def _root(article_id: int, copy_of: dict[int, int]) -> int:
    seen = set()
    while article_id in copy_of and article_id not in seen:
        seen.add(article_id)
        article_id = copy_of[article_id]
    return article_id


def _link(article: Article, outlet: str, role: str) -> Link:
    return Link(
        url=safe_url(article.canonical_url),
        title=one_line(article.title) or "(untitled)",
        outlet=outlet,
        published=article.published,
        role=role,
    )

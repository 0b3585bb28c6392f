"""Hand-written articles and extractions for the knowledge-base tests (no NLP model needed)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from nlp.mentions import ArticleExtraction, Evidence, IncidentMention
from storage.articles import ArticleRecord, upsert_article
from storage.incidents import store_extraction
from storage.models import Article, Incident


def mention(
    sentence: str,
    *,
    force: str | None = "Metropolitan Police Service",
    location: str | None = "Leyton",
    date: dt.date | None = dt.date(2019, 8, 8),
    weapons: tuple[str, ...] = ("bladed",),
    officers: int | None = 1,
    severity: str = "injured",
) -> IncidentMention:
    """One reported attack whose every field was read from ``sentence``."""
    evidence = Evidence(0, len(sentence), sentence)
    return IncidentMention(
        force=force,
        location=location,
        weapons=weapons,
        date=date,
        officers=officers,
        severity=severity,
        evidence={name: evidence for name in ("force", "location", "weapons", "date", "severity")},
    )


def add_article(
    session: Session,
    url: str,
    outlet: str,
    published: dt.date,
    text: str,
    *mentions: IncidentMention,
    title: str = "Police officer attacked",
) -> Article:
    """Store an article and what nlp/ would read from it (relevant when it has mentions)."""
    article, _ = upsert_article(
        session,
        ArticleRecord(
            canonical_url=url,
            title=title,
            text=text,
            published=dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC),
            outlet=outlet,
        ),
    )
    extraction = ArticleExtraction(str(article.id), bool(mentions), tuple(mentions))
    store_extraction(session, article, extraction)
    return article


def partition(session: Session) -> set[frozenset[tuple[str, int]]]:
    """The incidents as sets of (article URL, ordinal): comparable across databases."""
    groups: dict[int, set[tuple[str, int]]] = {}
    for incident in session.scalars(select(Incident)):
        groups[incident.id] = {(m.article.canonical_url, m.ordinal) for m in incident.mentions}
    return {frozenset(g) for g in groups.values()}


LEYTON_FIRST = (
    "PC Stuart Outten was attacked with a machete after stopping a van in Leyton on Thursday night."
)
LEYTON_SECOND = "A Met officer was stabbed in the head with a machete during a traffic stop in Leyton."
LEYTON_COURT = (
    "Muhammad Rodwan was jailed at the Old Bailey for wounding PC Stuart Outten with a machete "
    "in Leyton last August."
)


def leyton_reports(session: Session, *, reverse: bool = False) -> list[Article]:
    """One attack told by two outlets in the week and by a court report five months later."""
    reports = [
        lambda: add_article(
            session, "https://standard.example/leyton", "evening-standard", dt.date(2019, 8, 8),
            LEYTON_FIRST, mention(LEYTON_FIRST, severity="serious"),
        ),
        lambda: add_article(
            session, "https://pa.example/leyton-officer", "pa-wire", dt.date(2019, 8, 10),
            LEYTON_SECOND, mention(LEYTON_SECOND, location="east London"),
        ),
        lambda: add_article(
            session, "https://guardian.example/rodwan-jailed", "the-guardian", dt.date(2020, 1, 24),
            f"{LEYTON_COURT} The judge said the officer had shown great courage.",
            # the extractor read the sentencing day as the date
            mention(LEYTON_COURT, date=dt.date(2020, 1, 23), weapons=("bladed", "bodily")),
            title="Man jailed for machete attack on police officer",
        ),
    ]
    return [store() for store in (reversed(reports) if reverse else reports)]

"""A small, hand-written knowledge base of incidents for the analyst-tools tests, and a fixture
that seeds it once per module for tests that only read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from storage.database import Database
from storage.models import Article, Incident, Mention
from tests.conftest import _backends

UTC = dt.UTC


def _article(session: Session, n: int, outlet: str, title: str, published: dt.datetime) -> Article:
    article = Article(
        url_hash=f"{n:064d}",
        canonical_url=f"https://news.example/{n}",
        outlet=outlet,
        title=title,
        text=title,
        published=published,
        status="extracted",
        relevant=True,
    )
    session.add(article)
    return article


def seed_incidents(session: Session) -> dict[str, int]:
    """Six incidents (one rejected) with their articles; returns ids by a short name."""
    specs = [
        ("croydon", dt.date(2024, 3, 2), "Metropolitan Police Service", "Croydon", (51.372, -0.098),
         ["bladed"], 1, "serious", "Officer stabbed in Croydon during an arrest", "confirmed",
         [("BBC News", "PC stabbed in Croydon"), ("Evening Standard", "Croydon officer stabbed")]),
        ("salford", dt.date(2024, 3, 15), "Greater Manchester Police", "Salford", (53.483, -2.293),
         ["vehicle"], 2, "injured", "Two officers hurt when a car rammed a police van", "unreviewed",
         [("Manchester Evening News", "Car rams police van in Salford")]),
        ("hackney", dt.date(2024, 6, 20), "Metropolitan Police Service", "Hackney", (51.545, -0.055),
         ["bodily", "spitting"], 1, "injured", "Officer punched and spat at in Hackney", "unreviewed",
         [("BBC News", "Officer assaulted in Hackney")]),
        ("glasgow", dt.date(2023, 11, 5), "Police Scotland", "Glasgow", (55.861, -4.251),
         ["incendiary"], 3, "injured", "Fireworks thrown at officers in Glasgow", "confirmed",
         [("BBC News", "Fireworks thrown at Glasgow police")]),
        ("leeds", dt.date(2024, 1, 10), "West Yorkshire Police", "Leeds", None,
         ["firearm"], 1, "uninjured", "Shot fired at officers in Leeds", "unreviewed",
         [("Yorkshire Evening Post", "Shot fired at Leeds police")]),
        ("rejected", dt.date(2024, 2, 1), "Metropolitan Police Service", "Camden", (51.54, -0.14),
         ["bladed"], 1, "injured", "Training exercise reported as an attack", "rejected",
         [("Daily Example", "Knife drill in Camden")]),
    ]
    ids: dict[str, int] = {}
    article_n = 0
    for name, date, force, place, coords, weapons, officers, severity, summary, review, sources in specs:
        published = dt.datetime.combine(date, dt.time(9), tzinfo=UTC) + dt.timedelta(days=1)
        incident = Incident(
            date=date, force=force, location=place,
            latitude=coords[0] if coords else None, longitude=coords[1] if coords else None,
            weapons=weapons, officers=officers, severity=severity, summary=summary,
            first_reported=published, last_reported=published + dt.timedelta(hours=len(sources)),
            outlet_count=len(sources), review_status=review,
            evidence={"force": {"start": 0, "end": len(place), "text": place}},
        )
        session.add(incident)
        for ordinal, (outlet, title) in enumerate(sources):
            article_n += 1
            article = _article(session, article_n, outlet, title, published + dt.timedelta(hours=ordinal))
            session.add(Mention(
                article=article, ordinal=0, incident=incident, force=force, location=place,
                weapons=weapons, date=date, officers=officers, severity=severity, summary=title,
                evidence={"weapons": {"start": 0, "end": len(title), "text": title}},
            ))
        session.flush()
        ids[name] = incident.id
    return ids


def _seeded_database(backend: str, folder: Path) -> Iterator[tuple[Database, dict[str, int], str]]:
    from tests.conftest import POSTGRES_URL, _drop_postgres_database, _new_postgres_database
    from web.tokens import create_token

    name = None
    if backend == "sqlite":
        url = f"sqlite:///{folder / 'frontline.db'}"
    else:
        base = (POSTGRES_URL or "").replace("postgresql://", "postgresql+psycopg://", 1)
        url, name = _new_postgres_database(base)
    database = Database(url)
    try:
        with database.session() as session:
            ids = seed_incidents(session)
            token = create_token(session, "tests")
        yield database, ids, token
    finally:
        database.dispose()
        if name:
            _drop_postgres_database(base, name)


@pytest.fixture(scope="module", params=_backends(), name="seeded_db")
def seeded_db_fixture(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """One seeded knowledge base per module and backend, for tests that only read it.

    Returns (database, incident ids by name, a valid API token).
    """
    yield from _seeded_database(request.param, tmp_path_factory.mktemp("seeded"))

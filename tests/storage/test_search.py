"""Full-text search finds incidents by their summary and articles by their text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from storage.database import Database
from storage.models import Article, Incident
from storage.resolution import resolve_incidents
from storage.review import reject_incident
from storage.search import search_articles, search_incidents
from tests.storage.kb import add_article, leyton_reports, mention

DOG = "A police dog handler was bitten when a man set his dog on officers in Anfield."


def _seed(db: Database) -> tuple[int, int]:
    with db.session() as session:
        leyton_reports(session)
        add_article(session, "https://echo.example/anfield", "liverpool-echo", dt.date(2024, 4, 27), DOG,
                    mention(DOG, force="Merseyside Police", location="Anfield",
                            date=dt.date(2024, 4, 26), weapons=("animal",)))
        add_article(session, "https://echo.example/roads", "liverpool-echo", dt.date(2024, 4, 28),
                    "Roadworks on the A580 will last until June.", title="Roadworks")
        resolve_incidents(session)
        leyton = session.scalar(select(Incident.id).where(Incident.location == "Leyton"))
        anfield = session.scalar(select(Incident.id).where(Incident.location == "Anfield"))
    return leyton, anfield


def test_incident_found_by_a_word_of_its_summary(db: Database) -> None:
    leyton, anfield = _seed(db)
    with db.session() as session:
        assert search_incidents(session, "seriously") == [leyton]  # stemmed: "seriously injured"
        assert search_incidents(session, "Anfield animal") == [anfield]
        assert search_incidents(session, "machete") == [leyton]  # through its articles
        assert search_incidents(session, "  ") == []
        assert search_incidents(session, 'leyton" OR anfield*') == []  # never query syntax
        reject_incident(session, anfield, by="ana")
        assert search_incidents(session, "anfield") == []
        assert search_incidents(session, "anfield", include_rejected=True) == [anfield]


def test_article_found_by_a_word_of_its_text_and_kept_in_sync(db: Database) -> None:
    _seed(db)
    with db.session() as session:
        roads = session.scalar(select(Article.id).where(Article.title == "Roadworks"))
        assert search_articles(session, "roadworks june") == [roads]
        jailed = search_articles(session, "Old Bailey")
        assert len(jailed) == 1
        session.get_one(Article, roads).text = "The bypass reopens in July."
    with db.session() as session:
        assert search_articles(session, "june") == []
        assert search_articles(session, "bypass") == [roads]
        session.delete(session.get_one(Article, roads))
    with db.session() as session:
        assert search_articles(session, "bypass") == []


def test_incident_search_kept_in_sync_and_own_fields_rank_first(db: Database) -> None:
    leyton, anfield = _seed(db)
    with db.session() as session:
        session.get_one(Incident, anfield).summary = "Handler bitten by a dog set on officers near Leyton"
    with db.session() as session:
        assert search_incidents(session, "handler") == [anfield]
        # Leyton names its own place; Anfield only mentions it in its summary (own fields, ranked).
        assert set(search_incidents(session, "leyton")) == {leyton, anfield}
        assert search_incidents(session, "machete") == [leyton]  # only through its articles
        session.delete(session.get_one(Incident, anfield))
    with db.session() as session:
        assert search_incidents(session, "handler") == []


def test_articles_ranked_by_relevance_not_by_age(db: Database) -> None:
    _seed(db)
    with db.session() as session:
        newer = add_article(session, "https://echo.example/council", "liverpool-echo", dt.date(2024, 4, 29),
                            "The council said the roadworks were planned a year ago.", title="Council notes").id
    with db.session() as session:
        roads = session.scalar(select(Article.id).where(Article.title == "Roadworks"))
        assert search_articles(session, "roadworks") == [roads, newer]
        assert search_articles(session, "roadworks", limit=1) == [roads]

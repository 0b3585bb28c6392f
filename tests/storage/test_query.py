"""The query model on a real database: filters, order, pages, sources and stats."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from storage.database import Database
from storage.query import (
    IncidentQuery,
    find_incidents,
    get_incident,
    incident_stats,
    incidents_geojson,
    load_workforce,
)
from tests.web.seed import seeded_db_fixture  # noqa: F401 (one seeded database per backend)


@pytest.fixture
def seeded(seeded_db) -> tuple[Database, dict[str, int]]:
    database, ids, _ = seeded_db
    return database, ids


def _ids(db: Database, **filters) -> list[int]:
    with db.session() as session:
        return [item.id for item in find_incidents(session, IncidentQuery(**filters)).items]


def test_default_leaves_rejected_out_and_sorts_newest_first(seeded) -> None:
    db, ids = seeded
    assert _ids(db) == [ids["hackney"], ids["salford"], ids["croydon"], ids["leeds"], ids["glasgow"]]
    assert ids["rejected"] in _ids(db, review_status=["rejected"])


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"force": ["Metropolitan Police Service"]}, {"croydon", "hackney"}),
        ({"force": ["Police Scotland", "West Yorkshire Police"]}, {"glasgow", "leeds"}),
        ({"force": ["the Met"]}, {"croydon", "hackney"}),  # forces as people write them
        ({"force": ["Scotland", "West Yorkshire"]}, {"glasgow", "leeds"}),
        ({"weapon": ["knife"]}, {"croydon"}),  # a weapon word is its category
        ({"weapon": ["bladed"]}, {"croydon"}),
        ({"weapon": ["spitting", "firearm"]}, {"hackney", "leeds"}),
        ({"severity": ["serious", "uninjured"]}, {"croydon", "leeds"}),
        ({"date_from": dt.date(2024, 3, 1), "date_to": dt.date(2024, 3, 31)}, {"croydon", "salford"}),
        ({"officers_min": 2}, {"salford", "glasgow"}),
        ({"outlet": "bbc news"}, {"croydon", "hackney", "glasgow"}),
        ({"located": True}, {"croydon", "salford", "hackney", "glasgow"}),
        ({"q": "stabbed"}, {"croydon"}),
        ({"q": "no such words anywhere"}, set()),
        ({"q": "assaulted"}, {"hackney"}),  # only in an article title
        ({"q": "drill"}, set()),
        ({"q": "drill", "review_status": ["rejected"]}, {"rejected"}),
        ({"q": "officers", "force": ["Police Scotland"], "sort": "date"}, {"glasgow"}),
        ({"weapon": ["bladed"], "review_status": ["rejected", "confirmed"]}, {"croydon", "rejected"}),
    ],
)
def test_filters(seeded, filters: dict, expected: set[str]) -> None:
    db, ids = seeded
    assert set(_ids(db, **filters)) == {ids[name] for name in expected}


def test_page_total_order_and_sources(seeded) -> None:
    db, ids = seeded
    with db.session() as session:
        page = find_incidents(session, IncidentQuery(sort="date", order="asc", limit=2, offset=1))
    assert page.total == 5
    assert [item.id for item in page.items] == [ids["leeds"], ids["croydon"]]
    croydon = page.items[1]
    assert [source.outlet for source in croydon.sources] == ["BBC News", "Evening Standard"]
    assert croydon.sources[0].evidence["weapons"]["text"] == "PC stabbed in Croydon"
    assert croydon.to_dict()["sources"][0]["url"].startswith("https://news.example/")


def test_get_incident_and_geojson(seeded) -> None:
    db, ids = seeded
    with db.session() as session:
        assert get_incident(session, ids["rejected"]).review_status == "rejected"
        assert get_incident(session, 10_000) is None
        items = find_incidents(session, IncidentQuery()).items
    collection = incidents_geojson(items)
    assert collection["type"] == "FeatureCollection"
    assert len(collection["features"]) == 4  # Leeds has no coordinates
    glasgow = next(f for f in collection["features"] if f["id"] == ids["glasgow"])
    assert glasgow["geometry"] == {"type": "Point", "coordinates": [-4.251, 55.861]}


def test_stats_by_force_carries_rates(seeded) -> None:
    db, _ = seeded
    with db.session() as session:
        rows = incident_stats(session, IncidentQuery(), "force")
    assert rows[0].key == "Metropolitan Police Service" and rows[0].incidents == 2
    met = load_workforce().officers["Metropolitan Police Service"]
    assert rows[0].workforce == met
    assert rows[0].rate_per_1000_officers == pytest.approx(2000 / met, rel=1e-3)
    assert sum(row.incidents for row in rows) == 5


def test_stats_by_month_week_weapon_severity(seeded) -> None:
    db, _ = seeded
    with db.session() as session:
        months = incident_stats(session, IncidentQuery(), "month")
        weeks = incident_stats(session, IncidentQuery(), "week")
        weapons = incident_stats(session, IncidentQuery(), "weapon")
        severities = incident_stats(session, IncidentQuery(force=["Metropolitan Police Service"]), "severity")
    assert [(r.key, r.incidents) for r in months] == [
        ("2023-11", 1), ("2024-01", 1), ("2024-03", 2), ("2024-06", 1)
    ]
    # 2024-03-02 was a Saturday, 2024-03-15 a Friday, 2023-11-05 a Sunday
    assert [(r.key, r.incidents) for r in weeks] == [
        ("2023-10-30", 1), ("2024-01-08", 1), ("2024-02-26", 1), ("2024-03-11", 1), ("2024-06-17", 1)
    ]
    assert {r.key: r.incidents for r in weapons} == {
        "bladed": 1, "vehicle": 1, "bodily": 1, "spitting": 1, "incendiary": 1, "firearm": 1
    }
    assert {(r.key, r.incidents, r.officers) for r in severities} == {("serious", 1, 1), ("injured", 1, 1)}


@pytest.mark.parametrize(
    "bad,field",
    [
        ({"severity": ["maimed"]}, "severity"),
        ({"limit": 0}, "limit"),
        ({"date_from": dt.date(2024, 2, 1), "date_to": dt.date(2024, 1, 1)}, "date_from"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_bad_queries_name_the_field(bad: dict, field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        IncidentQuery(**bad)


def test_workforce_figures_cover_every_force(shared_dir) -> None:
    forces = (shared_dir / "eval" / "forces.txt").read_text().split("\n")
    workforce = load_workforce()
    assert {force for force in forces if force} == set(workforce.officers)
    assert workforce.year >= 2023 and workforce.sources
    assert 140_000 < sum(v for k, v in list(workforce.officers.items())[:43]) < 155_000


@pytest.mark.parametrize("order", ["desc", "asc"])
def test_incidents_without_the_sort_value_come_last_on_every_page(db: Database, order: str) -> None:
    from storage.models import Incident

    with db.session() as session:
        dates = [dt.date(2024, 1, 1), None, dt.date(2024, 3, 1), None, dt.date(2024, 2, 1)]
        session.add_all([Incident(date=date, summary=f"incident {n}") for n, date in enumerate(dates)])
    with db.session() as session:
        pages = [
            find_incidents(session, IncidentQuery(sort="date", order=order, limit=2, offset=offset))
            for offset in (0, 2, 4)
        ]
    seen = [item.date for page in pages for item in page.items]
    dated = sorted(d for d in dates if d)
    assert seen == (dated[::-1] if order == "desc" else dated) + [None, None]
    assert {page.total for page in pages} == {5}
    ids = [item.id for page in pages for item in page.items]
    assert len(set(ids)) == 5 and ids[3:] == sorted(ids[3:], reverse=order == "desc")

"""Resolution: one incident per real attack, whatever the order the articles came in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from storage.database import Database
from storage.models import Incident, Mention
from storage.resolution import ResolveReport, resolve_incidents
from tests.storage.kb import add_article, leyton_reports, mention, partition

STABBING = "An officer was stabbed with a knife outside a shop in Margate on Saturday afternoon."
SPITTING = "Two officers were spat at and punched while arresting a drunk man in Margate on Saturday."


def _margate(session, order=(0, 1)) -> None:  # type: ignore[no-untyped-def]
    day = dt.date(2024, 7, 13)
    reports = [
        ("https://kent.example/knife", "kentonline", STABBING,
         mention(STABBING, force="Kent Police", location="Margate", date=day, severity="serious")),
        ("https://thanet.example/spat", "isle-of-thanet-news", SPITTING,
         mention(SPITTING, force="Kent Police", location="Margate", date=day,
                 weapons=("spitting", "bodily"), officers=2)),
    ]
    for i in order:
        url, outlet, text, found = reports[i]
        add_article(session, url, outlet, dt.date(2024, 7, 14), text, found)


def test_several_outlets_and_a_later_court_report_are_one_incident(db: Database) -> None:
    with db.session() as session:
        leyton_reports(session)
        report = resolve_incidents(session)
    assert report == ResolveReport(created=1, updated=0, removed=0)
    with db.session() as session:
        incident = session.scalars(select(Incident)).one()
        assert len(incident.mentions) == 3
        assert incident.outlet_count == 3
        assert incident.date == dt.date(2019, 8, 8)  # not the sentencing day
        assert incident.severity == "serious"
        assert incident.location == "Leyton" and incident.latitude is not None
        assert incident.weapons == ["bladed", "bodily"]
        assert incident.first_reported.date() == dt.date(2019, 8, 8)
        assert incident.last_reported.date() == dt.date(2020, 1, 24)
        assert incident.summary == (
            "An officer seriously injured with a blade in Leyton "
            "(Metropolitan Police Service), 8 Aug 2019"
        )
        assert incident.evidence["date"]["text"].startswith("PC Stuart Outten")
        merged = [m.match for m in incident.mentions if m.match.get("rule") == "merged"]
        assert len(merged) == 3
        assert all({"force", "place", "date", "text"} <= set(m["components"]) for m in merged)


def test_two_attacks_in_one_town_on_one_day_stay_two(db: Database) -> None:
    with db.session() as session:
        _margate(session)
        resolve_incidents(session)
    with db.session() as session:
        incidents = session.scalars(select(Incident).order_by(Incident.id)).all()
        assert len(incidents) == 2
        reasons = [m.match for i in incidents for m in i.mentions]
        assert all(r["rule"] == "new" for r in reasons)
        assert "weapons and wording differ" in reasons[0]["nearest"]["veto"]


def test_rerun_changes_nothing_and_keeps_ids(db: Database) -> None:
    with db.session() as session:
        leyton_reports(session)
        _margate(session)
        resolve_incidents(session)
        before = {(m.id, m.incident_id) for m in session.scalars(select(Mention))}
    with db.session() as session:
        assert resolve_incidents(session) == ResolveReport()
    with db.session() as session:  # re-extraction with the same result
        leyton_reports(session)
        assert resolve_incidents(session) == ResolveReport()
        assert {(m.id, m.incident_id) for m in session.scalars(select(Mention))} == before


def test_another_order_gives_the_same_incidents(db: Database, tmp_path: Path) -> None:
    with db.session() as session:
        leyton_reports(session)
        _margate(session)
        resolve_incidents(session)
        forward = partition(session)
    other = Database(f"sqlite:///{tmp_path / 'reverse.db'}")
    try:
        with other.session() as session:
            _margate(session, order=(1, 0))
            resolve_incidents(session)  # resolved in between: incremental arrival
        with other.session() as session:
            reports = leyton_reports(session, reverse=True)
            assert len(reports) == 3
            resolve_incidents(session)
            assert partition(session) == forward
            assert session.scalar(select(func.count(Incident.id))) == 3
    finally:
        other.dispose()


def test_irrelevant_on_reextraction_removes_the_incident(db: Database) -> None:
    with db.session() as session:
        add_article(session, "https://x.example/a", "x", dt.date(2024, 1, 2), STABBING,
                    mention(STABBING, force="Kent Police", location="Margate"))
        resolve_incidents(session)
    with db.session() as session:
        add_article(session, "https://x.example/a", "x", dt.date(2024, 1, 2), STABBING)
        assert resolve_incidents(session) == ResolveReport(removed=1)
        assert session.scalar(select(func.count(Incident.id))) == 0

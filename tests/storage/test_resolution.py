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


def _mention_ids(session, url: str) -> set[int]:  # type: ignore[no-untyped-def]
    return set(session.scalars(select(Mention.id).join(Mention.article).where(
        Mention.article.has(canonical_url=url))))


def test_a_run_reads_only_the_new_mentions_their_neighbours_and_incidents(db: Database) -> None:
    from storage.blocking import affected_mentions
    from storage.resolution import DATE_GAP_DAYS, NEAR_DAYS, WINDOW_DAYS

    def scope(session) -> set[int]:  # type: ignore[no-untyped-def]
        return affected_mentions(session, near_days=NEAR_DAYS, window_days=WINDOW_DAYS,
                                 date_gap=DATE_GAP_DAYS)

    with db.session() as session:
        leyton_reports(session)
        _margate(session)
        resolve_incidents(session)
        assert scope(session) == set()  # nothing dirty: nothing to read
    with db.session() as session:  # a Kent report: the Leyton incident is not read
        text = "An officer was punched outside a pub in Margate on Saturday night."
        add_article(session, "https://kent.example/pub", "kentonline", dt.date(2024, 7, 14), text,
                    mention(text, force="Kent Police", location="Margate", date=dt.date(2024, 7, 13),
                            weapons=("bodily",)))
        read = scope(session)
        leyton = {i for url in ("https://standard.example/leyton", "https://pa.example/leyton-officer",
                                "https://guardian.example/rodwan-jailed")
                  for i in _mention_ids(session, url)}
        margate = _mention_ids(session, "https://kent.example/knife") | _mention_ids(
            session, "https://thanet.example/spat")
        assert read == _mention_ids(session, "https://kent.example/pub") | margate
        assert not read & leyton
        resolve_incidents(session)
        assert not session.scalar(select(func.count(Mention.id)).where(Mention.dirty.is_(True)))


def test_a_trial_months_later_at_the_same_place_joins_the_incident_on_arrival(db: Database) -> None:
    with db.session() as session:
        reports = leyton_reports(session)
        court_url = reports[-1].canonical_url
        session.delete(reports[-1])
        resolve_incidents(session)
        assert session.scalar(select(func.count(Incident.id))) == 1
    with db.session() as session:
        leyton_reports(session)  # the court report arrives five months later
        assert resolve_incidents(session) == ResolveReport(updated=1)
        incident = session.scalars(select(Incident)).one()
        assert court_url in {m.article.canonical_url for m in incident.mentions}


def test_a_full_rebuild_agrees_with_the_runs_that_placed_mentions_as_they_came(db: Database) -> None:
    with db.session() as session:
        _margate(session, order=(1,))
        resolve_incidents(session)
        leyton_reports(session, reverse=True)
        resolve_incidents(session)
        _margate(session, order=(0,))
        resolve_incidents(session)
        arrived = partition(session)
    with db.session() as session:
        assert resolve_incidents(session, full=True) == ResolveReport()
        assert partition(session) == arrived

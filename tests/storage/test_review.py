"""Analyst decisions are logged and survive every rerun of extraction and resolution."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from frontline.errors import InputError
from storage.database import Database
from storage.models import Incident, Mention, ReviewAction
from storage.resolution import resolve_incidents
from storage.review import (
    correct_incident,
    incident_detail,
    merge_incidents,
    reject_incident,
    split_mention,
)
from tests.storage.kb import add_article, leyton_reports, mention

ILFORD_BTP = "A British Transport Police officer was stabbed at Ilford station on Friday night."
ILFORD_MET = "An officer was knifed on a platform at Ilford station, Scotland Yard said."


def _ilford(session, officers: int = 1) -> None:  # type: ignore[no-untyped-def]
    """One attack that extraction reads as two: the forces disagree."""
    day = dt.date(2018, 11, 23)
    add_article(session, "https://pa.example/ilford", "pa-wire", dt.date(2018, 11, 24), ILFORD_BTP,
                mention(ILFORD_BTP, force="British Transport Police", location="Ilford station", date=day))
    add_article(session, "https://recorder.example/ilford", "ilford-recorder", dt.date(2018, 11, 24),
                ILFORD_MET, mention(ILFORD_MET, location="Ilford station", date=day, officers=officers))


def _incidents(session) -> list[Incident]:  # type: ignore[no-untyped-def]
    return list(session.scalars(select(Incident).order_by(Incident.id)))


def test_analyst_merge_survives_reextraction(db: Database) -> None:
    with db.session() as session:
        _ilford(session)
        resolve_incidents(session)
        keep, other = (i.id for i in _incidents(session))
        merge_incidents(session, keep, other, by="analyst")
    with db.session() as session:
        [incident] = _incidents(session)
        assert incident.id == keep and len(incident.mentions) == 2
        assert all(m.match["rule"] == "analyst merge" for m in incident.mentions)
    with db.session() as session:  # re-extraction reads something new, then resolution reruns
        _ilford(session, officers=2)
        resolve_incidents(session)
    with db.session() as session:
        [incident] = _incidents(session)
        assert incident.id == keep and incident.officers == 2
        action = session.scalars(select(ReviewAction)).one()
        assert (action.action, action.by, action.incident_id) == ("merge", "analyst", keep)


def test_rejection_and_correction_survive_reruns(db: Database) -> None:
    with db.session() as session:
        leyton_reports(session)
        _ilford(session)
        resolve_incidents(session)
        leyton, btp, met = (i.id for i in _incidents(session))
        reject_incident(session, btp, by="ana", note="duplicate wire copy")
        correct_incident(session, leyton, "severity", "killed", by="ana")
        correct_incident(session, leyton, "location", "Leyton High Road", by="ana")
    with db.session() as session:
        leyton_reports(session, reverse=True)
        _ilford(session, officers=3)
        resolve_incidents(session)
    with db.session() as session:
        incidents = {i.id: i for i in _incidents(session)}
        assert set(incidents) == {leyton, btp, met}
        assert incidents[btp].review_status == "rejected"
        assert incidents[leyton].severity == "killed"
        assert incidents[leyton].location == "Leyton High Road"
        assert incidents[leyton].summary.startswith("An officer killed")
        assert incidents[leyton].evidence["severity"]["corrected_by"] == "ana"
        detail = incident_detail(session, leyton)
        assert [a.action for a in detail.history] == ["correct", "correct"]
        assert len(detail.sources) == 3 and {c.field for c in detail.corrections} == {"severity", "location"}


def test_split_mention_stays_alone(db: Database) -> None:
    with db.session() as session:
        leyton_reports(session)
        resolve_incidents(session)
        court = session.scalars(
            select(Mention).join(Mention.article).where(Mention.article.has(outlet="the-guardian"))
        ).one()
        alone = split_mention(session, court.id, by="ana")
        assert [m.id for m in alone.mentions] == [court.id]
    with db.session() as session:
        leyton_reports(session)
        resolve_incidents(session)
        assert session.scalar(select(func.count(Incident.id))) == 2
        assert session.get_one(Mention, court.id).incident_id == alone.id


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("force", "Gotham City Police", "not a UK police force"),
        ("date", "8/8/2019", "not an ISO date"),
        ("weapons", "bladed,laser", "laser"),
        ("officers", "two", "positive whole number"),
        ("severity", "grave", "not one of"),
        ("summary", "x", "cannot be corrected"),
    ],
)
def test_bad_corrections_name_the_input(db: Database, field: str, value: str, message: str) -> None:
    with db.session() as session:
        leyton_reports(session)
        resolve_incidents(session)
        incident = _incidents(session)[0]
        with pytest.raises(InputError, match=message):
            correct_incident(session, incident.id, field, value, by="ana")
        with pytest.raises(InputError, match="incident 999 does not exist"):
            reject_incident(session, 999, by="ana")


def test_review_commands(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from frontline.cli import app
    from frontline.settings import get_settings

    with db.session() as session:
        _ilford(session)
        resolve_incidents(session)
        keep, other = (i.id for i in _incidents(session))
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", db.url)
    get_settings.cache_clear()
    runner = CliRunner()
    result = runner.invoke(app, ["review", "merge", str(keep), str(other), "--by", "ana", "--note", "same stabbing"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["review", "show", str(keep)])
    assert result.exit_code == 0, result.output
    assert "Ilford station" in result.output and "same stabbing" in result.output
    result = runner.invoke(app, ["review", "show", str(keep), "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)  # output also holds stderr (log lines)
    assert [s["match"]["rule"] for s in shown["sources"]] == ["analyst merge", "analyst merge"]
    assert shown["history"][0]["by"] == "ana"
    result = runner.invoke(app, ["review", "correct", str(keep), "officers", "many"])
    assert result.exit_code == 1 and "positive whole number" in result.output


def test_correction_follows_its_incident_into_an_automatic_merge(db: Database) -> None:
    court = "Man jailed for wounding a police officer with a machete last August."
    url, outlet, day = "https://times.example/machete-jailed", "the-times", dt.date(2020, 1, 24)
    with db.session() as session:
        leyton_reports(session)
        resolve_incidents(session)
        add_article(session, url, outlet, day, court, mention(court, location="Manchester", date=None))
        resolve_incidents(session)
        leyton, manchester = (i.id for i in _incidents(session))
        assert len(_incidents(session)) == 2
        correct_incident(session, manchester, "officers", "2", by="ana")
    with db.session() as session:  # re-extraction reads the right place: one attack after all
        add_article(session, url, outlet, day, court, mention(court, date=None))
        resolve_incidents(session)
        [incident] = _incidents(session)
        assert incident.id == leyton and incident.officers == 2
        assert incident.evidence["officers"]["corrected_by"] == "ana"

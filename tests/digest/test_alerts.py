"""Alerts through a real SMTP server: one per incident per level, none on rerun, spikes per force."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from typer.testing import CliRunner

from digest.alerts import send_pending_alerts
from digest.subscriptions import add_subscriber
from frontline.cli import app
from frontline.settings import get_settings
from storage.models import Alert, Incident
from tests.digest.conftest import DAY, add_incident, at, mail_settings

NOW = at(DAY, 18)


def _subscribe(db, *subscribers) -> None:
    with db.session() as session:
        for email, forces, alerts in subscribers:
            add_subscriber(session, email, forces, alerts=alerts)


def _text(message) -> str:
    return next(p for p in message.walk() if p.get_content_type() == "text/plain").get_content()


def test_one_alert_per_incident_per_level_and_none_on_rerun(kb, smtp_server, tmp_path) -> None:
    _subscribe(
        kb,
        ("national@example.org", (), True),
        ("kent@example.org", ["Kent Police"], True),
        ("essex@example.org", ["Essex Police"], True),
        ("quiet@example.org", (), False),
    )
    settings = mail_settings(tmp_path, smtp_server.port)
    shown = send_pending_alerts(kb, settings, send=False, now=NOW)
    # Maidstone (serious, today) and Dover (killed, reported again today); Basildon is only injured.
    assert sorted(a.spec.key.rsplit(":", 1)[1] for a in shown.alerts) == ["killed", "serious"]
    assert not smtp_server.messages  # showing sends and records nothing
    with kb.session() as session:
        assert session.scalars(select(Alert)).first() is None

    report = send_pending_alerts(kb, settings, now=NOW)
    assert report.ok and len(report.sent) == 4
    received = sorted((m["X-Test-Rcpt"], m["Subject"]) for m in smtp_server.messages)
    assert received == [
        ("kent@example.org", "[frontline alert] Officer killed: Dover, Kent Police"),
        (
            "kent@example.org",
            "[frontline alert] Officers seriously injured: Maidstone, Kent Police",
        ),
        ("national@example.org", "[frontline alert] Officer killed: Dover, Kent Police"),
        (
            "national@example.org",
            "[frontline alert] Officers seriously injured: Maidstone, Kent Police",
        ),
    ]
    body = _text(next(m for m in smtp_server.messages if "Dover" in m["Subject"]))
    assert (
        "Kent Online" in body
        and "BBC News" in body
        and "https://www.bbc.co.uk/news/dover-officer-dies" in body
    )

    again = send_pending_alerts(kb, settings, now=NOW + dt.timedelta(hours=1))
    assert again.alerts == () and len(smtp_server.messages) == 4

    # Maidstone escalates: one more alert at the new level, then nothing again.
    with kb.session() as session:
        maidstone = session.scalars(select(Incident).where(Incident.location == "Maidstone")).one()
        maidstone.severity = "killed"
    escalated = send_pending_alerts(kb, settings, now=NOW + dt.timedelta(hours=2))
    assert len(escalated.sent) == 2
    assert "Escalated: earlier alert was seriously injured" in _text(smtp_server.messages[-1])
    assert send_pending_alerts(kb, settings, now=NOW + dt.timedelta(hours=3)).alerts == ()


def test_old_incidents_raise_no_alert(kb, smtp_server, tmp_path) -> None:
    _subscribe(kb, ("national@example.org", (), True))
    later = NOW + dt.timedelta(days=5)
    assert (
        send_pending_alerts(kb, mail_settings(tmp_path, smtp_server.port), now=later).alerts == ()
    )


def test_refused_alert_is_retried_not_duplicated(kb, smtp_server, tmp_path) -> None:
    _subscribe(kb, ("national@example.org", (), True))
    settings = mail_settings(tmp_path, smtp_server.port)
    smtp_server.refuse = True
    first = send_pending_alerts(kb, settings, now=NOW)
    assert len(first.pending) == 2 and not first.sent
    smtp_server.refuse = False
    retry = send_pending_alerts(kb, settings, now=NOW + dt.timedelta(minutes=5))
    assert len(retry.sent) == 2 and all(a.recorded for a in retry.alerts)
    assert len(smtp_server.messages) == 2
    assert send_pending_alerts(kb, settings, now=NOW + dt.timedelta(minutes=10)).alerts == ()


def test_spike_alert_for_a_force_well_above_its_average(db, smtp_server, tmp_path) -> None:
    with db.session() as session:
        for hour in (8, 10, 12, 14):
            add_incident(
                session, reported=at(DAY, hour), force="Cumbria Constabulary", location="Carlisle"
            )
        add_incident(
            session, reported=at(DAY - dt.timedelta(days=6), 9), force="Cumbria Constabulary"
        )
        for hour in (9, 11, 13):  # Merseyside: three a day is its normal
            for days_ago in range(0, 15):
                add_incident(
                    session,
                    reported=at(DAY - dt.timedelta(days=days_ago), hour),
                    force="Merseyside Police",
                )
    _subscribe(
        db,
        ("cumbria@example.org", ["Cumbria Constabulary"], True),
        ("mersey@example.org", ["Merseyside Police"], True),
    )
    settings = mail_settings(tmp_path, smtp_server.port)
    report = send_pending_alerts(db, settings, now=NOW)
    assert [a.spec.key for a in report.alerts] == ["spike:cumbria-constabulary:2026-11-24"]
    (message,) = smtp_server.messages
    assert message["X-Test-Rcpt"] == "cumbria@example.org"
    assert (
        message["Subject"]
        == "[frontline alert] 4 attacks on Cumbria Constabulary officers on Tuesday 24 November 2026"
    )
    assert "daily average over the 14 days before was 0.1" in _text(message)
    assert send_pending_alerts(db, settings, now=NOW + dt.timedelta(hours=1)).alerts == ()


def test_alerts_command_shows_then_sends(kb, smtp_server, database_url, monkeypatch) -> None:
    _subscribe(kb, ("national@example.org", (), True))
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("FRONTLINE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FRONTLINE_SMTP_PORT", str(smtp_server.port))
    monkeypatch.setenv("FRONTLINE_ALERT_WINDOW_HOURS", str(24 * 365 * 10))
    get_settings.cache_clear()
    runner = CliRunner()
    shown = runner.invoke(app, ["alerts"])
    assert shown.exit_code == 0, shown.output
    assert (
        "[frontline alert] Officer killed: Dover, Kent Police" in shown.stdout
        and not smtp_server.messages
    )
    sent = runner.invoke(app, ["alerts", "--send"])
    assert sent.exit_code == 0, sent.output
    assert len(smtp_server.messages) == 2
    assert runner.invoke(app, ["alerts", "--send"]).exit_code == 0
    assert len(smtp_server.messages) == 2
    get_settings.cache_clear()

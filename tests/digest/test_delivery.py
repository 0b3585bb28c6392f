"""Publishing digests to a real SMTP server on 127.0.0.1: once each, per scope, survivably."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from digest.delivery import publish_digests
from digest.subscriptions import add_subscriber
from storage.models import Delivery
from tests.digest.conftest import DAY, add_incident, at, free_port, mail_settings


def _subscribe(db, *subscribers) -> None:
    with db.session() as session:
        for email, forces in subscribers:
            add_subscriber(session, email, forces)


def _parts(message) -> dict[str, object]:
    return {part.get_content_type(): part for part in message.walk()}


def test_digest_arrives_multipart_with_inline_chart(kb, smtp_server, tmp_path) -> None:
    _subscribe(kb, ("press@national.example", ()))
    settings = mail_settings(tmp_path, smtp_server.port)
    report = publish_digests(kb, DAY, settings, send=True)
    assert report.sent == ("press@national.example (National, 2026-11-24)",) and report.ok
    (message,) = smtp_server.messages
    assert message.get_content_type() == "multipart/alternative"
    parts = _parts(message)
    assert set(parts) >= {"text/plain", "text/html", "image/png", "multipart/related"}
    text = parts["text/plain"].get_content()
    html = parts["text/html"].get_content()
    assert "Maidstone" in text and "Maidstone" in html
    cid = parts["image/png"]["Content-ID"].strip("<>")
    assert f'src="cid:{cid}"' in html
    assert parts["image/png"].get_content()[:4] == b"\x89PNG"
    assert message["Subject"].startswith(
        "Attacks on police: officer killed in Dover, 2 officers seriously injured in Maidstone; "
        "2 new, 1 update")


def test_per_force_subscribers_get_only_their_force(kb, smtp_server, tmp_path) -> None:
    _subscribe(
        kb, ("press@essex.example", ["Essex Police"]), ("press@kent.example", ["kent police"])
    )
    publish_digests(kb, DAY, mail_settings(tmp_path, smtp_server.port), send=True)
    by_rcpt = {
        m["X-Test-Rcpt"]: _parts(m)["text/plain"].get_content() for m in smtp_server.messages
    }
    assert set(by_rcpt) == {"press@essex.example", "press@kent.example"}
    essex, kent = by_rcpt["press@essex.example"], by_rcpt["press@kent.example"]
    assert "Basildon" in essex and "Maidstone" not in essex and "Dover" not in essex
    assert "Maidstone" in kent and "Dover" in kent and "Basildon" not in kent
    archive = mail_settings(tmp_path, smtp_server.port).resolved_archive_dir
    assert {p.name for p in archive.glob("*.html")} == {
        "2026-11-24.html",
        "2026-11-24--essex-police.html",
        "2026-11-24--kent-police.html",
        "index.html",
    }


def test_second_send_sends_nothing_unless_resend(kb, smtp_server, tmp_path) -> None:
    _subscribe(kb, ("press@national.example", ()))
    settings = mail_settings(tmp_path, smtp_server.port)
    publish_digests(kb, DAY, settings, send=True)
    again = publish_digests(kb, DAY, settings, send=True)
    assert again.sent == () and len(again.already_sent) == 1
    assert len(smtp_server.messages) == 1
    publish_digests(kb, DAY, settings, send=True, resend=True)
    assert len(smtp_server.messages) == 2


def test_refusing_server_leaves_digest_archived_and_pending_until_a_later_send(
    kb, smtp_server, tmp_path
) -> None:
    _subscribe(kb, ("press@national.example", ()))
    settings = mail_settings(tmp_path, smtp_server.port)
    smtp_server.refuse = True
    report = publish_digests(kb, DAY, settings, send=True)
    assert report.pending and not report.sent and "refused" in report.errors[0].lower()
    assert (settings.resolved_archive_dir / "2026-11-24.html").read_text().count("Maidstone") >= 1
    with kb.session() as session:
        (row,) = session.scalars(select(Delivery))
        assert (row.status, row.attempts) == ("pending", 2)
        assert "press@national.example" in row.last_error
    smtp_server.refuse = False
    report = publish_digests(kb, DAY, settings, send=True)
    assert len(report.sent) == 1 and len(smtp_server.messages) == 1
    with kb.session() as session:
        (row,) = session.scalars(select(Delivery))
        assert row.status == "sent" and row.sent_at is not None and row.last_error is None


def test_server_down_then_next_days_send_delivers_the_pending_one(
    kb, smtp_server, tmp_path
) -> None:
    _subscribe(kb, ("press@national.example", ()))
    down = mail_settings(tmp_path, free_port())  # nothing listens there
    report = publish_digests(kb, DAY, down, send=True)
    assert report.pending and (down.resolved_archive_dir / "2026-11-24.md").exists()
    next_day = DAY + dt.timedelta(days=1)
    report = publish_digests(kb, next_day, mail_settings(tmp_path, smtp_server.port), send=True)
    assert sorted(report.sent) == [
        "press@national.example (National, 2026-11-24)",
        "press@national.example (National, 2026-11-25)",
    ]
    assert len(smtp_server.messages) == 2


def test_skip_empty_sends_nothing_on_a_quiet_day(kb, smtp_server, tmp_path) -> None:
    _subscribe(kb, ("press@national.example", ()))
    quiet = DAY + dt.timedelta(days=10)
    report = publish_digests(
        kb, quiet, mail_settings(tmp_path, smtp_server.port), send=True, skip_empty=True
    )
    assert report.skipped_empty and not smtp_server.messages
    report = publish_digests(kb, quiet, mail_settings(tmp_path, smtp_server.port), send=True)
    (message,) = smtp_server.messages
    assert "quiet day" in _parts(message)["text/plain"].get_content()


def test_hostile_title_arrives_escaped(db, smtp_server, tmp_path) -> None:
    with db.session() as session:
        add_incident(
            session,
            reported=at(DAY, 9),
            articles=[
                {
                    "title": "<script>alert(1)</script> PC hurt",
                    "url": "javascript:alert(document.domain)",
                }
            ],
        )
    _subscribe(db, ("press@national.example", ()))
    publish_digests(db, DAY, mail_settings(tmp_path, smtp_server.port), send=True)
    (message,) = smtp_server.messages
    html = _parts(message)["text/html"].get_content()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; PC hurt" in html
    assert "<script" not in html.lower() and "document.domain" not in html


def test_a_report_reads_as_one_line_in_the_log() -> None:
    import datetime as dt
    from pathlib import Path

    from digest.delivery import DigestReport

    report = DigestReport(day=dt.date(2026, 12, 5), archived=(Path("d.html"),), sent=("a (national)",),
                          pending=("b (kent-police)",), errors=("b: timed out",))
    assert str(report) == ("archived 1 file(s), sent 1, already sent 0, nothing new for 0, "
                           "1 pending, errors: b: timed out")


def test_a_hung_server_costs_one_deadline_not_a_timeout_per_subscriber(kb, tmp_path) -> None:
    import socket

    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(16)  # accepts connections, never says a word
    try:
        with kb.session() as session:
            for n in range(5):
                add_subscriber(session, f"reader{n}@example.test", ())
        settings = mail_settings(tmp_path, hung.getsockname()[1], smtp_timeout=1.0,
                                 smtp_retries=0, smtp_send_deadline=1.0)
        report = publish_digests(kb, DAY, settings, send=True)
    finally:
        hung.close()
    assert len(report.pending) == 5 and not report.sent
    assert sum("send deadline" in error for error in report.errors) >= 3
    with kb.session() as session:
        assert {d.status for d in session.query(Delivery)} == {"pending"}


def test_every_mail_says_how_to_stop_it(kb, smtp_server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from digest.content import build_digest
    from digest.mail import digest_message
    from frontline.settings import Settings

    settings = Settings(smtp_from="press-digest@force.example")
    with kb.session() as session:
        message = digest_message(build_digest(session, DAY), settings, "pc@force.example")
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "To stop, or to change what you receive, write to press-digest@force.example" in text
    assert 'href="mailto:press-digest@force.example"' in html
    assert message["List-Unsubscribe"].startswith("<mailto:press-digest@force.example?")

"""Fixtures for the digest and alerts: a knowledge base with incidents, and a real SMTP server.

The SMTP server is aiosmtpd on 127.0.0.1 on a free port; it keeps every message it accepts,
and can be told to refuse every recipient, to test a mail server that says no.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import itertools
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller

from frontline.settings import Settings
from storage.articles import url_hash
from storage.database import Database
from storage.models import Article, Incident, Mention

LONDON = ZoneInfo("Europe/London")
DAY = dt.date(2026, 11, 24)

_counter = itertools.count(1)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    """A UTC instant for a London wall-clock time on ``day``."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON).astimezone(dt.UTC)


def add_incident(
    session,
    *,
    reported: dt.datetime,
    force: str = "Kent Police",
    location: str = "Maidstone",
    severity: str = "injured",
    weapons: tuple[str, ...] = ("bladed",),
    officers: int | None = 1,
    articles: list[dict] | None = None,
    review_status: str = "unreviewed",
) -> Incident:
    """An incident with its articles and mentions; ``articles`` items override title/outlet/url/published."""
    incident = Incident(
        date=reported.date(),
        force=force,
        location=location,
        severity=severity,
        weapons=list(weapons),
        officers=officers,
        summary="",
        first_reported=reported,
        last_reported=reported,
        review_status=review_status,
    )
    session.add(incident)
    specs = articles or [{}]
    for spec in specs:
        n = next(_counter)
        url = spec.get("url", f"https://news.example.org/story-{n}")
        article = Article(
            url_hash=url_hash(f"{url}#{n}"),
            canonical_url=url,
            outlet=spec.get("outlet", "Example News"),
            title=spec.get("title", f"Officer hurt in {location}"),
            published=spec.get("published", reported),
            status="extracted",
            relevant=True,
            content_hash=spec.get("content_hash"),
        )
        session.add(article)
        session.add(
            Mention(
                article=article,
                ordinal=0,
                incident=incident,
                force=force,
                location=location,
                severity=spec.get("severity", severity),
                weapons=list(weapons),
                officers=officers,
            )
        )
    session.flush()
    incident.outlet_count = len({s.get("outlet", "Example News") for s in specs})
    incident.last_reported = max(s.get("published", reported) for s in specs)
    return incident


@dataclass
class SMTPServer:
    """A running aiosmtpd server; ``messages`` holds what it accepted, ``refuse`` makes it say no."""

    host: str
    port: int
    messages: list[EmailMessage] = field(default_factory=list)
    refuse: bool = False

    def recipients(self) -> list[str]:
        return [m["X-Test-Rcpt"] for m in self.messages]


class _Handler:
    def __init__(self, server: SMTPServer) -> None:
        self.server = server

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.server.refuse:
            return "550 5.7.1 mailbox unavailable (test server refusing)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        for rcpt in envelope.rcpt_tos:
            copy = email.message_from_bytes(envelope.content, policy=email.policy.default)
            copy["X-Test-Rcpt"] = rcpt
            self.server.messages.append(copy)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A real SMTP server on 127.0.0.1 that collects messages."""
    port = free_port()
    server = SMTPServer("127.0.0.1", port)
    controller = Controller(_Handler(server), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


def mail_settings(tmp_path: Path, port: int, **overrides) -> Settings:
    """Settings that send to 127.0.0.1:``port`` without retry delays, archiving under tmp_path."""
    values = dict(
        data_dir=tmp_path / "data",
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_from="digest@frontline.test",
        smtp_timeout=5.0,
        smtp_retries=1,
        smtp_retry_delay=0.0,
    )
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
def kb(db: Database) -> Database:
    """The ``db`` knowledge base with a month of incidents around :data:`DAY`."""
    populate(db)
    return db


def populate(db: Database) -> None:
    """Two new incidents on :data:`DAY` (and one rejected), an older one escalated that day,
    and four older ones for the averages."""
    with db.session() as session:
        add_incident(
            session,
            reported=at(DAY, 7, 30),
            force="Kent Police",
            location="Maidstone",
            severity="serious",
            weapons=("bladed",),
            officers=2,
            articles=[
                {
                    "outlet": "Kent Online",
                    "published": at(DAY, 7, 30),
                    "title": "Two officers stabbed",
                },
                {
                    "outlet": "BBC News",
                    "published": at(DAY, 9, 0),
                    "title": "Officers stabbed in Maidstone",
                },
            ],
        )
        add_incident(
            session,
            reported=at(DAY, 12, 0),
            force="Essex Police",
            location="Basildon",
            severity="injured",
            weapons=("bodily",),
            officers=1,
            articles=[{"outlet": "Echo", "title": "PC punched in Basildon"}],
        )
        add_incident(
            session,
            reported=at(DAY, 13, 0),
            force="Essex Police",
            location="Colchester",
            severity="injured",
            review_status="rejected",
        )
        older = add_incident(
            session,
            reported=at(DAY - dt.timedelta(days=3), 10, 0),
            force="Kent Police",
            location="Dover",
            severity="killed",
            weapons=("vehicle",),
            officers=1,
            articles=[
                {
                    "outlet": "Kent Online",
                    "published": at(DAY - dt.timedelta(days=3), 10, 0),
                    "severity": "serious",
                },
            ],
        )
        follow = Article(
            url_hash=url_hash("https://www.bbc.co.uk/news/dover-officer-dies"),
            canonical_url="https://www.bbc.co.uk/news/dover-officer-dies",
            outlet="BBC News",
            title="Officer hit by car in Dover dies",
            published=at(DAY, 8, 0),
            status="extracted",
        )
        session.add(follow)
        session.add(
            Mention(
                article=follow, ordinal=0, incident=older, severity="killed", weapons=["vehicle"]
            )
        )
        older.last_reported = follow.published
        for days_ago in (2, 5, 9, 20):
            add_incident(
                session,
                reported=at(DAY - dt.timedelta(days=days_ago), 11, 0),
                force="Metropolitan Police Service",
                location="Hackney",
                severity="uninjured",
                weapons=("spitting",),
            )

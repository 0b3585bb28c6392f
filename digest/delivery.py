"""Publish the day's digests: archive them all, then mail each subscriber theirs exactly once.

A :class:`~storage.models.Delivery` row per (subscriber, day, scope) remembers what was
sent. It is written as ``pending`` before the message goes out and turned ``sent`` once
the SMTP server takes it, so a crash or a refused send is retried by the next
``--send`` and a delivered digest is never repeated unless ``resend`` is asked for.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from digest.archive import write_archive
from digest.content import Digest, build_digest, scope_key
from digest.mail import digest_message, send_with_retries
from frontline.errors import DeliveryError
from frontline.settings import Settings
from storage.database import Database
from storage.models import Delivery, Subscriber, utcnow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DigestReport:
    """What :func:`publish_digests` did. Recipients read "email (scope)"."""

    day: dt.date
    archived: tuple[Path, ...]
    sent: tuple[str, ...] = ()
    already_sent: tuple[str, ...] = ()
    skipped_empty: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    errors: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when nothing was left pending."""
        return not self.pending

    def __str__(self) -> str:
        """One line for logs: "archived 1 file, sent 3, already sent 1, 0 pending"."""
        parts = [f"archived {len(self.archived)} file(s)", f"sent {len(self.sent)}",
                 f"already sent {len(self.already_sent)}", f"nothing new for {len(self.skipped_empty)}",
                 f"{len(self.pending)} pending"]
        if self.errors:
            parts.append(f"errors: {'; '.join(self.errors)}")
        return ", ".join(parts)


def digest_key(day: dt.date, scope: str) -> str:
    """The delivery key of a digest, e.g. ``digest:2026-11-24:kent-police``."""
    return f"digest:{day.isoformat()}:{scope}"


def record_attempt(
    session: Session,
    subscriber_id: int,
    key: str,
    *,
    kind: str,
    day: dt.date | None = None,
    scope: str = "",
    alert_id: int | None = None,
) -> Delivery:
    """The delivery row for (subscriber, key), created as ``pending`` if new."""
    delivery = session.scalars(
        select(Delivery).where(Delivery.subscriber_id == subscriber_id, Delivery.key == key)
    ).first()
    if delivery is None:
        delivery = Delivery(
            subscriber_id=subscriber_id,
            key=key,
            kind=kind,
            day=day,
            scope=scope,
            alert_id=alert_id,
            status="pending",
            attempts=0,
        )
        session.add(delivery)
        session.flush()
    return delivery


class SendDeadline:
    """One deadline for a whole send: each message may use only the time left of it, and
    once it has passed the rest stay pending for the next run."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        """Seconds left (0 when passed)."""
        return max(self.end - time.monotonic(), 0.0)

    def settings_for(self, settings: Settings) -> Settings:
        """``settings`` whose SMTP timeout and retries fit in the time left."""
        left = self.left()
        return settings.model_copy(update={
            "smtp_timeout": min(settings.smtp_timeout, left),
            "smtp_retries": settings.smtp_retries if left > 2 * settings.smtp_timeout else 0,
        })


def deliver(
    db: Database, delivery_id: int, message: EmailMessage, settings: Settings,
    deadline: SendDeadline | None = None,
) -> str | None:
    """Send ``message`` for delivery row ``delivery_id`` and record the outcome.

    The row is marked pending before sending and sent after; returns None on success,
    else the error, which is also kept on the row as ``last_error``. Past ``deadline``
    nothing is sent: the row stays pending for the next run.
    """
    with db.session() as session:
        delivery = session.get_one(Delivery, delivery_id)
        delivery.status = "pending"
    attempts = 1 + max(settings.smtp_retries, 0)
    error: str | None = None
    try:
        if deadline is not None and deadline.left() <= 0:
            attempts = 0
            raise DeliveryError(f"{message['To']}: the send deadline of {deadline.seconds:g}s "
                                "passed; left pending for the next run")
        attempts = send_with_retries(
            message, deadline.settings_for(settings) if deadline is not None else settings)
    except DeliveryError as exc:
        error = str(exc)
    with db.session() as session:
        delivery = session.get_one(Delivery, delivery_id)
        delivery.attempts += attempts
        if error is None:
            delivery.status, delivery.sent_at, delivery.last_error = "sent", utcnow(), None
        else:
            delivery.status, delivery.last_error = "pending", error
    if error is not None:
        logger.error("left pending, will retry on the next send: %s", error)
    return error


def publish_digests(
    db: Database,
    day: dt.date,
    settings: Settings,
    *,
    send: bool,
    resend: bool = False,
    skip_empty: bool = False,
) -> DigestReport:
    """Archive ``day``'s national digest and every subscriber scope's, then, with ``send``,
    mail each subscriber their digest once (again with ``resend``).

    Quiet days are sent too unless ``skip_empty``. Digests left pending on earlier days
    (within ``settings.delivery_retry_days``) are retried by a send as well.
    """
    with db.session() as session:
        subscribers = [
            (s.id, s.email, tuple(sorted(s.forces or ())))
            for s in session.scalars(select(Subscriber).order_by(Subscriber.email))
        ]
        scopes = {()} | {forces for _, _, forces in subscribers}
        digests = {
            forces: build_digest(session, day, force=forces, tz=settings.timezone)
            for forces in sorted(scopes)
        }
    archived = tuple(write_archive(d, settings.resolved_archive_dir) for d in digests.values())
    if not send:
        return DigestReport(day=day, archived=archived)

    sent: list[str] = []
    already: list[str] = []
    skipped: list[str] = []
    pending: list[str] = []
    errors: list[str] = []
    deadline = SendDeadline(settings.smtp_send_deadline)

    def attempt(subscriber_id: int, email: str, digest: Digest) -> None:
        label = f"{email} ({digest.scope}, {digest.day})"
        key = digest_key(digest.day, digest.scope_key)
        with db.session() as session:
            delivery = record_attempt(
                session, subscriber_id, key, kind="digest", day=digest.day, scope=digest.scope_key
            )
            if delivery.status == "sent" and not resend:
                already.append(label)
                return
            delivery_id = delivery.id
        error = deliver(db, delivery_id, digest_message(digest, settings, email), settings,
                        deadline)
        if error is None:
            sent.append(label)
        else:
            pending.append(label)
            errors.append(error)

    for subscriber_id, email, forces in subscribers:
        digest = digests[forces]
        if skip_empty and digest.is_quiet:
            skipped.append(f"{email} ({digest.scope}, {digest.day})")
            continue
        attempt(subscriber_id, email, digest)

    for subscriber_id, email, old_day, forces in _older_pending(db, day, settings, subscribers):
        with db.session() as session:
            digest = build_digest(session, old_day, force=forces, tz=settings.timezone)
        write_archive(digest, settings.resolved_archive_dir)
        attempt(subscriber_id, email, digest)

    report = DigestReport(
        day=day,
        archived=archived,
        sent=tuple(sent),
        already_sent=tuple(already),
        skipped_empty=tuple(skipped),
        pending=tuple(pending),
        errors=tuple(errors),
    )
    logger.info(
        "digest %s: %d sent, %d already sent, %d skipped as quiet, %d pending",
        day,
        len(sent),
        len(already),
        len(skipped),
        len(pending),
    )
    return report


def _older_pending(
    db: Database,
    day: dt.date,
    settings: Settings,
    subscribers: list[tuple[int, str, tuple[str, ...]]],
) -> list[tuple[int, str, dt.date, tuple[str, ...]]]:
    """Digests of earlier days still pending for a subscriber whose scope has not changed."""
    by_id = {sid: (email, forces) for sid, email, forces in subscribers}
    oldest = day - dt.timedelta(days=max(settings.delivery_retry_days, 0))
    found = []
    with db.session() as session:
        rows = session.scalars(
            select(Delivery)
            .where(Delivery.kind == "digest", Delivery.status == "pending")
            .where(Delivery.day >= oldest, Delivery.day < day)
            .order_by(Delivery.day, Delivery.id)
        )
        for row in rows:
            email, forces = by_id.get(row.subscriber_id, ("", ()))
            if email and row.day is not None and row.scope == scope_key(forces):
                found.append((row.subscriber_id, email, row.day, forces))
    return found

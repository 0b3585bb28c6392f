"""Urgent alerts: an officer killed or seriously hurt, or a force's day well above its average.

An incident raises one alert per severity level it reaches (``serious``, then ``killed``
if it escalates; only ``killed`` if first reported so); a spike raises one alert per force
and day. Each alert is recorded once in the ``alert`` table under its key
(``incident:12:killed``, ``spike:kent-police:2026-11-24``) and each email in ``delivery``,
so a rerun repeats nothing and a send the server refused is retried next time.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from digest.content import IncidentItem, incident_item, scope_key
from digest.days import day_bounds, local_day, local_zone
from digest.delivery import SendDeadline, deliver, record_attempt
from digest.mail import compose
from digest.render import environment, inline_css
from digest.wording import format_day, severity_label, severity_rank
from frontline.settings import Settings
from storage.database import Database
from storage.models import Alert, Delivery, Incident, Subscriber, utcnow

logger = logging.getLogger(__name__)

ALERT_SEVERITIES = ("serious", "killed")
SPIKE_BASELINE_DAYS = 14
ALERT_PREFIX = "[frontline alert] "


@dataclass(frozen=True)
class AlertSpec:
    """What an alert is about: an incident at a severity level, or a force's spike on a day."""

    key: str
    kind: str  # "incident" or "spike"
    level: str  # the severity, or "spike"
    force: str | None
    incident_id: int | None = None
    day: dt.date | None = None


@dataclass(frozen=True)
class AlertMessage:
    """An alert ready to send: its words, and who has yet to receive it."""

    spec: AlertSpec
    subject: str
    text: str
    html: str
    recipients: tuple[str, ...]
    recorded: bool


@dataclass(frozen=True)
class AlertReport:
    """What :func:`send_pending_alerts` found and did."""

    alerts: tuple[AlertMessage, ...]
    sent: tuple[str, ...] = ()
    pending: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing was left pending."""
        return not self.pending


def incident_key(incident_id: int, severity: str) -> str:
    """``incident:12:killed``."""
    return f"incident:{incident_id}:{severity}"


def spike_key(force: str, day: dt.date) -> str:
    """``spike:kent-police:2026-11-24``."""
    return f"spike:{scope_key([force])}:{day.isoformat()}"


def find_new_alerts(session: Session, settings: Settings, now: dt.datetime) -> list[AlertSpec]:
    """Alerts due at ``now`` that were never raised: incidents reported within
    ``settings.alert_window_hours`` at ``serious`` or ``killed`` above any level already
    alerted, and spikes of today and yesterday (local time)."""
    return [*_incident_alerts(session, settings, now), *_spike_alerts(session, settings, now)]


def _incident_alerts(session: Session, settings: Settings, now: dt.datetime) -> list[AlertSpec]:
    since = now - dt.timedelta(hours=max(settings.alert_window_hours, 0))
    reported = func.coalesce(Incident.last_reported, Incident.first_reported)
    incidents = session.scalars(
        select(Incident)
        .where(Incident.severity.in_(ALERT_SEVERITIES))
        .where(Incident.review_status != "rejected")
        .where(reported >= since)
        .order_by(Incident.id)
    ).all()
    if not incidents:
        return []
    alerted: dict[int, int] = {}
    for incident_id, level in session.execute(
        select(Alert.incident_id, Alert.level).where(
            Alert.kind == "incident", Alert.incident_id.in_([i.id for i in incidents])
        )
    ):
        if incident_id is not None:
            alerted[incident_id] = max(alerted.get(incident_id, 0), severity_rank(level))
    return [
        AlertSpec(
            key=incident_key(i.id, i.severity),
            kind="incident",
            level=i.severity,
            force=i.force,
            incident_id=i.id,
        )
        for i in incidents
        if severity_rank(i.severity) > alerted.get(i.id, 0)
    ]


def _spike_alerts(session: Session, settings: Settings, now: dt.datetime) -> list[AlertSpec]:
    zone = local_zone(settings.timezone)
    today = local_day(now, zone)
    specs = []
    for day in (today - dt.timedelta(days=1), today):
        for force, count, average in spikes(session, day, settings):
            key = spike_key(force, day)
            if session.scalars(select(Alert.id).where(Alert.key == key)).first() is None:
                logger.info(
                    "spike: %s had %d incidents on %s (average %.2f)", force, count, day, average
                )
                specs.append(AlertSpec(key=key, kind="spike", level="spike", force=force, day=day))
    return specs


def spikes(session: Session, day: dt.date, settings: Settings) -> list[tuple[str, int, float]]:
    """Forces whose incidents first reported on local ``day`` reached ``alert_spike_min`` and
    ``alert_spike_factor`` times their daily average over the 14 days before: (force, count, average)."""
    zone = local_zone(settings.timezone)
    start, end = day_bounds(day, zone)
    baseline_start, _ = day_bounds(day - dt.timedelta(days=SPIKE_BASELINE_DAYS), zone)
    rows = session.execute(
        select(Incident.force, Incident.first_reported)
        .where(Incident.first_reported >= baseline_start, Incident.first_reported < end)
        .where(Incident.review_status != "rejected", Incident.force.is_not(None))
    ).all()
    dated = [(str(force), reported) for force, reported in rows
             if force is not None and reported is not None]
    on_day = Counter(force for force, reported in dated if reported >= start)
    before = Counter(force for force, reported in dated if reported < start)
    found = []
    for force, count in sorted(on_day.items()):
        average = before[force] / SPIKE_BASELINE_DAYS
        if count >= settings.alert_spike_min and count >= settings.alert_spike_factor * average:
            found.append((force, count, average))
    return found


def _recipients(session: Session, force: str | None) -> list[Subscriber]:
    """Subscribers with alerts on whose scope covers ``force`` (national ones cover all)."""
    subscribers = session.scalars(
        select(Subscriber).where(Subscriber.alerts.is_(True)).order_by(Subscriber.email)
    )
    return [s for s in subscribers if not s.forces or (force is not None and force in s.forces)]


def _incident_subject(item: IncidentItem) -> str:
    who = "Officer" if item.officers in (None, 1) else "Officers"
    what = {"killed": "killed", "serious": "seriously injured"}.get(
        item.severity, severity_label(item.severity).lower()
    )
    where = ", ".join(p for p in (item.place, item.force) if p) or "place not known"
    return f"{ALERT_PREFIX}{who} {what}: {where}"


def _render(template: str, **context: object) -> str:
    return environment().get_template(template).render(**context)


def alert_content(
    session: Session, spec: AlertSpec, settings: Settings
) -> tuple[str, str, str] | None:
    """The subject, plain text and HTML of the alert ``spec``; None if its incident is gone."""
    tz = settings.timezone
    if spec.kind == "incident":
        incident = session.get(Incident, spec.incident_id) if spec.incident_id else None
        if incident is None or incident.review_status == "rejected":
            return None
        end = utcnow() + dt.timedelta(days=1)
        item = incident_item(incident, end)
        subject = _incident_subject(item)
        escalated = session.scalars(
            select(Alert.level).where(Alert.incident_id == incident.id, Alert.key != spec.key)
        ).all()
        context = {
            "item": item,
            "tz": tz,
            "level": spec.level,
            "escalated_from": escalated,
            "subject": subject,
            "headline": subject.removeprefix(ALERT_PREFIX),
        }
        return (
            subject,
            _render("alert.txt", **context),
            inline_css(_render("alert.html", **context)),
        )
    day = spec.day or local_day(utcnow(), local_zone(tz))
    found = {force: (count, average) for force, count, average in spikes(session, day, settings)}
    count, average = found.get(spec.force or "", (0, 0.0))
    start, end = day_bounds(day, local_zone(tz))
    incidents = session.scalars(
        select(Incident)
        .where(Incident.force == spec.force, Incident.review_status != "rejected")
        .where(Incident.first_reported >= start, Incident.first_reported < end)
        .order_by(Incident.first_reported)
    ).all()
    items = [incident_item(i, end) for i in incidents]
    subject = f"{ALERT_PREFIX}{len(items)} attacks on {spec.force} officers on {format_day(day)}"
    context = {
        "spike_items": items,
        "force": spec.force,
        "day": day,
        "count": max(count, len(items)),
        "average": average,
        "tz": tz,
        "subject": subject,
        "headline": subject.removeprefix(ALERT_PREFIX),
        "baseline_days": SPIKE_BASELINE_DAYS,
    }
    return subject, _render("spike.txt", **context), inline_css(_render("spike.html", **context))


def _spec_of(alert: Alert) -> AlertSpec:
    return AlertSpec(
        key=alert.key,
        kind=alert.kind,
        level=alert.level,
        force=alert.force,
        incident_id=alert.incident_id,
        day=alert.day,
    )


def pending_alerts(
    session: Session, settings: Settings, now: dt.datetime | None = None
) -> list[AlertMessage]:
    """Every alert with someone still to receive it: new ones, and recorded ones left pending."""
    now = now or utcnow()
    messages = []
    for spec in find_new_alerts(session, settings, now):
        content = alert_content(session, spec, settings)
        if content is None:
            continue
        recipients = tuple(s.email for s in _recipients(session, spec.force))
        messages.append(AlertMessage(spec, *content, recipients=recipients, recorded=False))
    waiting = session.execute(
        select(Alert, Subscriber.email)
        .join(Delivery, Delivery.alert_id == Alert.id)
        .join(Subscriber, Subscriber.id == Delivery.subscriber_id)
        .where(Delivery.kind == "alert", Delivery.status == "pending")
        .order_by(Alert.id, Subscriber.email)
    ).all()
    by_alert: dict[int, tuple[Alert, list[str]]] = {}
    for alert, email in waiting:
        by_alert.setdefault(alert.id, (alert, []))[1].append(email)
    for alert, emails in by_alert.values():
        spec = _spec_of(alert)
        content = alert_content(session, spec, settings)
        if content is not None:
            messages.append(AlertMessage(spec, *content, recipients=tuple(emails), recorded=True))
    return messages


def _record(session: Session, message: AlertMessage) -> Alert:
    spec = message.spec
    alert = session.scalars(select(Alert).where(Alert.key == spec.key)).first()
    if alert is None:
        alert = Alert(
            key=spec.key,
            kind=spec.kind,
            level=spec.level,
            force=spec.force,
            incident_id=spec.incident_id,
            day=spec.day,
            subject=message.subject,
        )
        session.add(alert)
        session.flush()
    return alert


def send_pending_alerts(
    db: Database, settings: Settings, *, send: bool = True, now: dt.datetime | None = None
) -> AlertReport:
    """Find pending alerts and, with ``send``, record and mail them (each once per subscriber).

    Without ``send`` nothing is written: the report shows what a send would do.
    """
    with db.session() as session:
        messages = pending_alerts(session, settings, now)
    if not send:
        return AlertReport(alerts=tuple(messages))
    sent: list[str] = []
    pending: list[str] = []
    errors: list[str] = []
    deadline = SendDeadline(settings.smtp_send_deadline)
    for message in messages:
        deliveries: list[tuple[int, str]] = []
        with db.session() as session:
            alert = _record(session, message)
            for subscriber in session.scalars(
                select(Subscriber).where(Subscriber.email.in_(message.recipients))
            ):
                delivery = record_attempt(
                    session,
                    subscriber.id,
                    f"alert:{alert.key}",
                    kind="alert",
                    alert_id=alert.id,
                    day=alert.day,
                )
                if delivery.status != "sent":
                    deliveries.append((delivery.id, subscriber.email))
        for delivery_id, email in deliveries:
            mail = compose(settings, email, message.subject, message.text, message.html)
            error = deliver(db, delivery_id, mail, settings, deadline)
            label = f"{email}: {message.subject}"
            if error is None:
                sent.append(label)
            else:
                pending.append(label)
                errors.append(error)
    logger.info(
        "alerts: %d found, %d emails sent, %d pending", len(messages), len(sent), len(pending)
    )
    return AlertReport(
        alerts=tuple(messages), sent=tuple(sent), pending=tuple(pending), errors=tuple(errors)
    )

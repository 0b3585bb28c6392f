"""``digest``, ``alerts`` and ``weekly_summary``: tell people what the knowledge base learnt.

Named ``publish`` rather than ``digest``: Prefect runs an entrypoint such as
``flows/daily.py`` with ``flows/`` first on ``sys.path``, where a ``digest.py`` would
hide the ``digest`` package.

Sending is off unless the ``send`` parameter is true, so a run on a laptop or in a test
builds and archives the digest without mailing anyone. The digest package records every
delivery, so a rerun never repeats a message that was sent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from sqlalchemy import select

from digest.alerts import send_pending_alerts
from digest.content import build_digest, day_bounds, local_zone
from digest.delivery import publish_digests
from digest.render import render_markdown
from flows.database import prepare_database_task
from flows.limits import DB_WRITE_TAG, DELIVERY_LIMIT, NETWORK_TAG, hold
from flows.retries import retry_on_transient
from flows.runtime import open_knowledge_base, parse_day, run_settings
from storage.models import Incident


def plain(value: Any) -> Any:
    """A report (dataclass, tuple, date, path…) as JSON-ready values, for flow results."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def digest_markdown(database_url: str, day: dt.date, timezone: str) -> tuple[str, int, int]:
    """The national digest of ``day`` as Markdown, with its counts of new and updated incidents."""
    db = open_knowledge_base(database_url)
    try:
        with db.session() as session:
            digest = build_digest(session, day, tz=timezone)
            return render_markdown(digest), len(digest.new), len(digest.updates)
    finally:
        db.dispose()


@task(
    name="send-alerts",
    retry_condition_fn=retry_on_transient,
    retries=2,
    retry_delay_seconds=[30, 120],
    timeout_seconds=600,
    tags=[NETWORK_TAG, DB_WRITE_TAG],
    cache_policy=NO_CACHE,  # deliveries in the database say what was already sent
)
def send_alerts_task(database_url: str, send: bool) -> dict[str, Any]:
    """Raise alerts for serious incidents and spikes, and mail them if ``send``."""
    settings = run_settings(database_url)
    db = open_knowledge_base(database_url)
    try:
        with hold(DELIVERY_LIMIT):
            report = send_pending_alerts(db, settings, send=send)
    finally:
        db.dispose()
    logger = get_run_logger()
    for message in report.alerts:
        logger.info("alert: %s", message.subject)
    for error in report.errors:
        logger.warning("alert not delivered: %s", error)
    summary = {
        "alerts": len(report.alerts),
        "sent": len(report.sent),
        "pending": len(report.pending),
        "errors": list(report.errors),
    }
    logger.info("alerts (send=%s): %s", send, summary)
    return summary


@task(
    name="publish-digest",
    retry_condition_fn=retry_on_transient,
    retries=2,
    retry_delay_seconds=[30, 120],
    timeout_seconds=900,
    tags=[NETWORK_TAG, DB_WRITE_TAG],
    cache_policy=NO_CACHE,
)
def publish_digest_task(database_url: str, day: str | None, send: bool) -> dict[str, Any]:
    """Build the digests of ``day``, archive them, mail them if ``send``; publish the Markdown."""
    logger = get_run_logger()
    settings = run_settings(database_url)
    when = parse_day(day, settings.timezone)
    db = open_knowledge_base(database_url)
    try:
        with hold(DELIVERY_LIMIT):
            report = publish_digests(db, when, settings, send=send)
    finally:
        db.dispose()
    markdown, new, updated = digest_markdown(database_url, when, settings.timezone)
    create_markdown_artifact(
        key="digest",
        markdown=markdown,
        description=f"National digest of {when.isoformat()}: {new} new, {updated} updated.",
    )
    logger.info("digest of %s (send=%s): %d new, %d updated; %s", when, send, new, updated, report)
    return {"day": when.isoformat(), "new": new, "updated": updated, "report": plain(report)}


@task(
    name="weekly-summary",
    retries=2,
    retry_delay_seconds=30,
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def weekly_summary_task(database_url: str, day: str | None) -> dict[str, Any]:
    """Count the incidents first reported in the seven days up to ``day``, by force and severity."""
    settings = run_settings(database_url)
    last = parse_day(day, settings.timezone)
    first = last - dt.timedelta(days=6)
    zone = local_zone(settings.timezone)
    start, _ = day_bounds(first, zone)
    _, end = day_bounds(last, zone)
    db = open_knowledge_base(database_url)
    try:
        with db.session() as session:
            incidents = list(
                session.scalars(
                    select(Incident)
                    .where(Incident.first_reported >= start, Incident.first_reported < end)
                    .where(Incident.review_status != "rejected")
                )
            )
    finally:
        db.dispose()
    by_force = Counter(i.force or "Force not known" for i in incidents)
    serious = Counter(
        i.force or "Force not known" for i in incidents if i.severity in ("serious", "killed")
    )
    by_severity = Counter(i.severity for i in incidents)
    rows = [
        {"force": force, "incidents": count, "serious or worse": serious[force]}
        for force, count in sorted(by_force.items(), key=lambda item: (-item[1], item[0]))
    ]
    create_table_artifact(
        key="weekly-summary",
        table=rows or [{"force": "no incident", "incidents": 0, "serious or worse": 0}],
        description=(
            f"Incidents first reported {first.isoformat()} to {last.isoformat()}: "
            f"{len(incidents)} in all; by severity "
            + (", ".join(f"{k} {v}" for k, v in sorted(by_severity.items())) or "none")
        ),
    )
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "incidents": len(incidents),
        "by_force": dict(by_force),
        "by_severity": dict(by_severity),
    }


@flow(name="digest")
def digest(database_url: str | None = None, day: str | None = None, send: bool = False) -> dict[str, Any]:
    """Build, archive and (with ``send``) mail the morning digest of one day.

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        day: The day to report, e.g. 2026-11-25; default today in FRONTLINE_TIMEZONE.
        send: Mail the digest to the subscribers (needs FRONTLINE_SMTP_HOST).
    """
    url = prepare_database_task(run_settings(database_url).resolved_database_url)
    return publish_digest_task(url, day, send)


@flow(name="alerts")
def alerts(database_url: str | None = None, send: bool = True) -> dict[str, Any]:
    """Raise and (with ``send``) mail alerts for serious incidents and spikes.

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        send: Mail the alerts to subscribers who asked for them.
    """
    url = prepare_database_task(run_settings(database_url).resolved_database_url)
    return send_alerts_task(url, send)


@flow(name="weekly-summary")
def weekly_summary(database_url: str | None = None, day: str | None = None) -> dict[str, Any]:
    """Summarise the last seven days' incidents by force and severity (a table artifact).

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        day: Last day of the week to summarise, e.g. 2026-11-29; default today.
    """
    url = prepare_database_task(run_settings(database_url).resolved_database_url)
    return weekly_summary_task(url, day)

"""``extract`` and ``resolve``: read the fetched articles and gather their incidents.

Why no Prefect result cache on extraction: ``storage.extraction.extract_pending`` reads
only articles whose ``extracted_hash`` differs from their ``content_hash``, so an
unchanged article is never read twice, whichever worker or run comes next. That key
lives in the shared database, survives restarts and is the same on every host; a Prefect
cache keyed on the content hash would hold the same information in each worker's local
result storage, and could not stop a second worker from repeating the work.
"""

from __future__ import annotations

from typing import Any

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from sqlalchemy import select

from flows.database import prepare_database_task
from flows.limits import DB_WRITE_TAG, KNOWLEDGE_BASE_LIMIT, hold
from flows.retries import retry_on_transient
from flows.runtime import MAX_ROWS, extractor_for, open_knowledge_base, run_settings
from storage.database import Database
from storage.extraction import extract_pending
from storage.models import Incident
from storage.resolution import resolve_incidents


def incident_ids(db: Database) -> set[int]:
    """The ids of every incident in the knowledge base."""
    with db.session() as session:
        return set(session.scalars(select(Incident.id)))


def incident_rows(db: Database, ids: set[int]) -> list[dict[str, Any]]:
    """Table rows describing the incidents ``ids``, newest first."""
    if not ids:
        return []
    with db.session() as session:
        incidents = session.scalars(
            select(Incident).where(Incident.id.in_(sorted(ids))).order_by(Incident.id.desc())
        )
        return [
            {
                "id": i.id,
                "date": i.date.isoformat() if i.date else "",
                "force": i.force or "",
                "location": i.location or "",
                "weapons": ", ".join(i.weapons or []),
                "officers": i.officers if i.officers is not None else "",
                "severity": i.severity,
                "outlets": i.outlet_count,
            }
            for i in incidents
        ]


def publish_new_incidents(db: Database, before: set[int], description: str) -> int:
    """Publish the incidents created since ``before`` as a table artifact; return how many."""
    new = incident_ids(db) - before
    rows = incident_rows(db, new)
    create_table_artifact(
        key="new-incidents",
        table=rows[:MAX_ROWS] or [{"id": "", "force": "no new incident"}],
        description=f"{len(new)} new incident(s). {description}",
    )
    return len(new)


@task(
    name="extract-pending",
    retry_condition_fn=retry_on_transient,
    retries=1,
    retry_delay_seconds=30,
    timeout_seconds=3600,
    tags=[DB_WRITE_TAG],
    cache_policy=NO_CACHE,  # the database's extracted_hash is the cache: see the module doc
)
def extract_pending_task(database_url: str, limit: int | None = None) -> dict[str, Any]:
    """Extract every article waiting for nlp/, store its mentions and resolve incidents.

    Holds the ``frontline-knowledge-base`` global limit, so one worker at a time
    rewrites mentions and incidents.
    """
    logger = get_run_logger()
    settings = run_settings(database_url)
    extractor = extractor_for(settings.spacy_model)
    db = open_knowledge_base(database_url)
    try:
        with hold(KNOWLEDGE_BASE_LIMIT):
            before = incident_ids(db)
            report = extract_pending(db, extractor, limit=limit)
            resolved = report.resolved
            for label, reason in report.skipped:
                logger.warning("skipped article %s: %s", label, reason)
            new = publish_new_incidents(
                db,
                before,
                f"Read {report.read} article(s), {report.relevant} relevant, "
                f"{report.mentions} mention(s) stored.",
            )
    finally:
        db.dispose()
    summary = {
        "read": report.read,
        "relevant": report.relevant,
        "mentions": report.mentions,
        "skipped": len(report.skipped),
        "new_incidents": new,
        "incidents_created": resolved.created if resolved else 0,
        "incidents_updated": resolved.updated if resolved else 0,
        "incidents_removed": resolved.removed if resolved else 0,
    }
    logger.info("extraction: %s", summary)
    return summary


@task(
    name="resolve-incidents",
    retry_condition_fn=retry_on_transient,
    retries=2,
    retry_delay_seconds=30,
    timeout_seconds=1800,
    tags=[DB_WRITE_TAG],
    cache_policy=NO_CACHE,
)
def resolve_incidents_task(database_url: str, full: bool = False) -> dict[str, int]:
    """Place new and changed mentions into incidents, or every mention with ``full``
    (idempotent)."""
    logger = get_run_logger()
    db = open_knowledge_base(database_url)
    try:
        with hold(KNOWLEDGE_BASE_LIMIT):
            before = incident_ids(db)
            with db.session() as session:
                report = resolve_incidents(session, full=full)
            new = publish_new_incidents(
                db, before, f"Resolution: {report.created} created, {report.updated} updated, "
                f"{report.removed} removed."
            )
    finally:
        db.dispose()
    summary = {
        "new_incidents": new,
        "incidents_created": report.created,
        "incidents_updated": report.updated,
        "incidents_removed": report.removed,
    }
    logger.info("resolution: %s", summary)
    return summary


@flow(name="extract")
def extract(database_url: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Read the fetched articles, store what they report and resolve incidents.

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        limit: Read at most this many articles in this run, e.g. 1000; default all.
    """
    url = prepare_database_task(run_settings(database_url).resolved_database_url)
    return extract_pending_task(url, limit)


@flow(name="resolve")
def resolve(database_url: str | None = None, full: bool = False) -> dict[str, int]:
    """Place the mentions stored since the last run into incidents, e.g. after analysts
    merged or split some.

    Args:
        database_url: SQLAlchemy URL of the knowledge base; default FRONTLINE_DATABASE_URL.
        full: Re-cluster every mention (after a change to the resolution rules).
    """
    url = prepare_database_task(run_settings(database_url).resolved_database_url)
    return resolve_incidents_task(url, full)

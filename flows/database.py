"""Tasks about the knowledge base itself: schema upgrades and row counts."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.limits import DB_WRITE_TAG, SCHEMA_LIMIT, hold
from flows.retries import retry_on_transient
from flows.runtime import count_rows, open_knowledge_base
from storage.schema import alembic_config, current_revision, upgrade


@task(
    name="prepare-database",
    retry_condition_fn=retry_on_transient,
    retries=3,
    retry_delay_seconds=5,
    timeout_seconds=300,
    tags=[DB_WRITE_TAG],
    cache_policy=NO_CACHE,
)
def prepare_database_task(database_url: str) -> str:
    """Create the knowledge base if needed and bring its schema up to date; return its URL.

    Upgrades hold the ``frontline-schema`` global limit: two workers starting on a new
    database would otherwise both create Alembic's version table, and one would fail.
    """
    db = open_knowledge_base(database_url)
    try:
        if current_revision(db.engine) != head_revision(database_url):
            with hold(SCHEMA_LIMIT):
                upgrade(db.engine)  # a no-op if another worker upgraded meanwhile
    finally:
        db.dispose()
    get_run_logger().info("knowledge base ready: %s", db)
    return database_url


def head_revision(database_url: str) -> str | None:
    """The newest schema revision this code knows."""
    return ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()


@task(
    name="count-rows",
    retries=2,
    retry_delay_seconds=5,
    retry_condition_fn=retry_on_transient,
    cache_policy=NO_CACHE,
)
def count_rows_task(database_url: str) -> dict[str, int]:
    """Articles by status and incidents in the knowledge base."""
    db = open_knowledge_base(database_url)
    try:
        return count_rows(db)
    finally:
        db.dispose()

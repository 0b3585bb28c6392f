"""Tasks about the knowledge base itself: schema upgrades and row counts."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE

from flows.limits import DB_WRITE_TAG
from flows.retries import retry_on_transient
from flows.runtime import count_rows, open_knowledge_base


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
    """Create the knowledge base if needed and bring its schema up to date; return its URL."""
    db = open_knowledge_base(database_url, migrate=True)
    db.dispose()
    get_run_logger().info("knowledge base ready: %s", db)
    return database_url


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

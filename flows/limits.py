"""Concurrency limits that hold across every worker sharing one Prefect server.

Two kinds, both declared here so ``docs/operations.md`` and the flows agree:

* **Global concurrency limits** (``prefect gcl``), taken with :func:`hold`, however many
  workers run the flows:

  - ``frontline-schema`` (1): one schema upgrade at a time, so workers starting together
    on a new database do not both create it;
  - ``frontline-poll`` (1): one poll at a time, so two polls never queue the same
    new entry at once;
  - ``frontline-crawl-<domain>`` (1 each): one crawl per news domain, so a site is never
    fetched by two polite crawlers at once;
  - ``frontline-knowledge-base`` (1): one extraction and resolution at a time, because
    resolution rewrites incidents over the whole knowledge base;
  - ``frontline-deliveries`` (1): one alert or digest send at a time, so no message
    goes out twice.

  Missing limits are created with these sizes on first use, so a fresh server enforces
  them too; an operator may resize them with ``prefect gcl update``. A slot is a lease of
  :data:`LEASE_SECONDS` renewed while its holder lives, so a worker killed while holding
  one blocks the others for at most that long.
* **Tag-based task limits** (``prefect concurrency-limit create <tag> <n>``): every task
  that writes to the database carries :data:`DB_WRITE_TAG`, every task that reaches the
  network :data:`NETWORK_TAG`. They are off until an operator creates them.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.concurrency.sync import concurrency
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

logger = logging.getLogger(__name__)

DB_WRITE_TAG = "frontline-db-write"
NETWORK_TAG = "frontline-network"
SCHEMA_LIMIT = "frontline-schema"
POLL_LIMIT = "frontline-poll"
KNOWLEDGE_BASE_LIMIT = "frontline-knowledge-base"
DELIVERY_LIMIT = "frontline-deliveries"
CRAWL_LIMIT_PREFIX = "frontline-crawl-"

DEFAULT_LIMITS = {SCHEMA_LIMIT: 1, POLL_LIMIT: 1, KNOWLEDGE_BASE_LIMIT: 1, DELIVERY_LIMIT: 1}
CRAWL_SLOTS_PER_DOMAIN = 1
LEASE_SECONDS = 60
"""How long a held slot outlives a worker that died holding it (Prefect's minimum lease;
a live holder renews its lease in the background)."""

_UNSAFE = re.compile(r"[^a-z0-9.-]+")


def crawl_limit_name(domain: str) -> str:
    """The global limit guarding one news domain, e.g. ``frontline-crawl-www.bbc.co.uk``."""
    return CRAWL_LIMIT_PREFIX + (_UNSAFE.sub("-", domain.lower()).strip("-") or "unknown")


def ensure_limits(limits: dict[str, int]) -> None:
    """Create each missing global concurrency limit ``name -> slots`` (existing ones are kept)."""
    with get_client(sync_client=True) as client:
        for name, slots in limits.items():
            try:
                client.read_global_concurrency_limit_by_name(name)
                continue
            except ObjectNotFound:
                pass
            try:
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=slots)
                )
                logger.info("created global concurrency limit %s (%d slot(s))", name, slots)
            except ObjectAlreadyExists:  # another worker created it meanwhile
                pass


@contextmanager
def hold(*names: str) -> Iterator[None]:
    """Hold one slot of each global limit ``names`` (created at its default size if missing)."""
    ensure_limits(
        {name: DEFAULT_LIMITS.get(name, CRAWL_SLOTS_PER_DOMAIN) for name in names}
    )
    with concurrency(list(names), occupy=1, lease_duration=LEASE_SECONDS):
        yield

"""Concurrency limits that hold across every worker sharing one Prefect server.

Two kinds, both declared here so ``docs/operations.md`` and the flows agree:

* **Global concurrency limits** (``prefect gcl``), taken with
  :func:`prefect.concurrency.sync.concurrency`: one crawl per news domain at a time
  (``frontline-crawl-<domain>``), however many workers crawl, so a site is never hit by
  two polite crawlers at once; and one writer that reclusters incidents at a time
  (``frontline-knowledge-base``), because resolution rewrites incidents over the whole
  knowledge base. Missing limits are created with their default size on first use, so
  a fresh server enforces them too; an operator may resize them with ``prefect gcl update``.
* **Tag-based task limits** (``prefect concurrency-limit create <tag> <n>``): every task
  that writes to the database carries :data:`DB_WRITE_TAG`, every task that reaches the
  network :data:`NETWORK_TAG`. They are off until an operator creates them.
"""

from __future__ import annotations

import logging
import re

from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

logger = logging.getLogger(__name__)

DB_WRITE_TAG = "frontline-db-write"
NETWORK_TAG = "frontline-network"
KNOWLEDGE_BASE_LIMIT = "frontline-knowledge-base"
CRAWL_LIMIT_PREFIX = "frontline-crawl-"

DEFAULT_LIMITS = {KNOWLEDGE_BASE_LIMIT: 1}
CRAWL_SLOTS_PER_DOMAIN = 1

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

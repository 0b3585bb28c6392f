"""When a failed task is worth retrying: network and database trouble, not bugs or bad config.

Passed to tasks as ``retry_condition_fn``, so a missing import or a bad sources file
fails at once instead of waiting through every retry delay.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from sqlalchemy.exc import DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from frontline.errors import DeliveryError, FetchError

logger = logging.getLogger(__name__)

TRANSIENT: tuple[type[BaseException], ...] = (
    OSError,  # connection refused or reset, socket timeouts, a full disk that may clear
    TimeoutError,
    httpx.TransportError,
    OperationalError,  # database gone away, locked, or restarting
    DisconnectionError,
    PoolTimeoutError,
    FetchError,
    DeliveryError,
)


def failure_of(state: Any) -> BaseException | None:
    """The exception a failed Prefect state carries, if any."""
    try:
        value = state.result(raise_on_failure=False)
    except Exception as exc:  # the result itself could not be read back
        return exc
    return value if isinstance(value, BaseException) else None


def retry_on_transient(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry only failures that a later attempt may not meet."""
    exc = failure_of(state)
    retry = isinstance(exc, TRANSIENT)
    if not retry:
        logger.info("not retrying %s: %r is not a network or database failure", task_run.name, exc)
    return retry

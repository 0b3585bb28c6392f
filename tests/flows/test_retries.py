"""Only network and database failures are retried; bugs and bad input fail at once."""

from __future__ import annotations

import sqlite3
from types import SimpleNamespace

import httpx
import pytest
from prefect.states import Failed
from sqlalchemy.exc import IntegrityError, OperationalError

from flows.retries import retry_on_transient
from frontline.errors import ConfigError, FetchError

RUN = SimpleNamespace(name="poll-feeds-1")


@pytest.mark.parametrize(
    "exc",
    [
        ConnectionRefusedError("refused"),
        httpx.ConnectTimeout("timed out"),
        OperationalError("SELECT 1", {}, sqlite3.OperationalError("database is locked")),
        FetchError("gazette: GET http://127.0.0.1:1/feed.xml returned 503"),
    ],
    ids=["refused", "http-timeout", "db-locked", "fetch"],
)
def test_transient_failures_are_retried(exc: Exception) -> None:
    assert retry_on_transient(None, RUN, Failed(data=exc))


@pytest.mark.parametrize(
    "exc",
    [
        ImportError("cannot import name 'x'"),
        ConfigError("sources file 'x.yaml' does not exist"),
        IntegrityError("INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed")),
        KeyError("headline"),
    ],
    ids=["import", "config", "integrity", "bug"],
)
def test_other_failures_are_not(exc: Exception) -> None:
    assert not retry_on_transient(None, RUN, Failed(data=exc))

"""Engines and sessions for the knowledge base, SQLite or PostgreSQL with the same code."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from frontline.errors import ConfigError

logger = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000


def _normalise_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs that name no driver."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def safe_url(url: str) -> str:
    """``url`` with any password hidden, for messages and logs."""
    try:
        return make_url(_normalise_url(url)).render_as_string(hide_password=True)
    except Exception:  # not a URL at all: say so without echoing it whole
        return "(an invalid database URL)"


def make_engine(url: str, pool_size: int | None = None, pool_timeout: float | None = None) -> Engine:
    """An engine for ``url``; SQLite files get WAL, a busy timeout and foreign keys.

    ``pool_size`` and ``pool_timeout`` size a server's pool (PostgreSQL and SQLite files):
    that many connections kept, as many more opened under load, and a checkout that waits
    longer than ``pool_timeout`` seconds raises ``sqlalchemy.exc.TimeoutError``."""
    url = _normalise_url(url)
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError with no URL in the text
        raise ConfigError(f"database URL {url!r} is not a valid SQLAlchemy URL") from exc
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    else:
        kwargs["pool_pre_ping"] = True
    if pool_size is not None and not (parsed.get_backend_name() == "sqlite" and parsed.database
                                      in (None, "", ":memory:")):
        kwargs.update(pool_size=pool_size, max_overflow=pool_size, pool_timeout=pool_timeout or 30)
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions bound to ``engine`` that keep objects usable after commit."""
    return sessionmaker(engine, expire_on_commit=False)

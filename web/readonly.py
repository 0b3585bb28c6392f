"""A database engine that can only read: what the analyst web app connects with.

SQLite connections get ``PRAGMA query_only``; PostgreSQL sessions are set to read-only
transactions. Both refuse any write, whatever SQL reaches them. On PostgreSQL you can go
further and point ``FRONTLINE_DATABASE_URL`` of ``frontline serve`` at a role that has
only SELECT grants::

    CREATE ROLE frontline_reader LOGIN PASSWORD '...';
    GRANT CONNECT ON DATABASE frontline TO frontline_reader;
    GRANT USAGE ON SCHEMA public TO frontline_reader;
    GRANT SELECT ON ALL TABLES IN SCHEMA public TO frontline_reader;
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, event

from storage.session import make_engine


def read_only_engine(url: str, pool_size: int | None = None, pool_timeout: float | None = None
                     ) -> Engine:
    """An engine for ``url`` whose every connection refuses writes (pool as in
    :func:`storage.session.make_engine`)."""
    engine = make_engine(url, pool_size, pool_timeout)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_read_only)
    elif engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _postgres_read_only)
    return engine


def _sqlite_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.close()


def _postgres_read_only(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
    cursor.close()
    dbapi_connection.commit()

"""Schema migrations, run from code: ``frontline db upgrade`` and the tests use these."""

from __future__ import annotations

import contextlib
import fcntl
import logging
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

logger = logging.getLogger(__name__)

# Any constant works: it only has to be the same for every frontline process.
_MIGRATION_LOCK_ID = 0x66726F6E  # "fron"


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that finds the migrations inside the installed package."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` (idempotent).

    A database already at head is left alone without taking any lock. On PostgreSQL
    the migration holds an advisory lock, and on a SQLite file a lock file beside it,
    so processes that start together on a new database migrate it once instead of
    colliding on ``alembic_version``.
    """
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    if _new_sqlite_file(engine):
        # The first connections to a new file switch it to WAL; processes doing that at once
        # can see "database is locked" before any busy timeout applies, so the first look
        # happens under the lock too.
        with _sqlite_file_lock(engine):
            if not (revision == "head" and current_revision(engine) == _head(config)):
                _migrate(engine, config, revision)
        return
    if revision == "head" and current_revision(engine) == _head(config):
        return
    with _sqlite_file_lock(engine):
        _migrate(engine, config, revision)


def _migrate(engine: Engine, config: Config, revision: str) -> None:
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK_ID})
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    logger.info("database %s at revision %s", engine.url.render_as_string(), revision)


def _new_sqlite_file(engine: Engine) -> bool:
    """A plain SQLite file database that does not exist yet, or is still empty."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return False
    path = Path(database).expanduser()
    return not path.exists() or path.stat().st_size == 0


@contextlib.contextmanager
def _sqlite_file_lock(engine: Engine) -> Iterator[None]:
    """Hold an exclusive lock on ``<database>.migrate.lock`` for a SQLite file database."""
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:":
        yield
        return
    lock_path = Path(database).expanduser().with_name(Path(database).name + ".migrate.lock")
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _head(config: Config) -> str | None:
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

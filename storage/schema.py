"""Schema migrations, run from code: ``frontline db upgrade`` and the tests use these."""

from __future__ import annotations

import logging
from importlib import resources

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine

logger = logging.getLogger(__name__)


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` that finds the migrations inside the installed package."""
    config = Config()
    config.set_main_option("script_location", str(resources.files("storage") / "migrations"))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the database behind ``engine`` to ``revision`` (idempotent)."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    logger.info("database %s at revision %s", engine.url.render_as_string(), revision)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or None before the first migration."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()

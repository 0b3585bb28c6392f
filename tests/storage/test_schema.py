"""Migrations: an empty database upgrades to the models' schema, and upgrading is idempotent."""

from __future__ import annotations

from alembic import command
from alembic.util.exc import CommandError

from storage.database import Database
from storage.schema import alembic_config, current_revision, upgrade


def test_upgrade_from_empty_reaches_head_and_matches_models(database_url: str) -> None:
    database = Database(database_url)
    try:
        assert current_revision(database.engine) is not None
        upgrade(database.engine)  # a second upgrade changes nothing
        config = alembic_config(database_url)
        try:
            command.check(config)
        except CommandError as exc:  # pragma: no cover - the failure message is the point
            raise AssertionError(f"models and migrations differ: {exc}") from exc
    finally:
        database.dispose()

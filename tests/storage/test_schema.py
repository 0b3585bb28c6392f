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


def test_concurrent_upgrades_of_a_new_database_migrate_it_once(database_url: str) -> None:
    import threading

    from storage.session import make_engine

    engines = [make_engine(database_url) for _ in range(3)]
    errors: list[BaseException] = []

    def migrate(engine) -> None:  # type: ignore[no-untyped-def]
        try:
            upgrade(engine)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=migrate, args=(engine,)) for engine in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert errors == []
        assert current_revision(engines[0]) is not None
    finally:
        for engine in engines:
            engine.dispose()

"""Alembic environment: the URL comes from frontline's settings, the metadata from our models."""

from __future__ import annotations

from alembic import context

from storage.models import Base
from storage.session import make_engine

config = context.config
target_metadata = Base.metadata


def include_name(name, type_, parent_names) -> bool:  # type: ignore[no-untyped-def]
    """Leave the full-text search objects (``fts_*``, made with raw SQL) out of autogenerate."""
    return not (type_ in ("table", "index") and name and name.startswith("fts_"))


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from frontline.settings import get_settings

    return get_settings().resolved_database_url


def run_migrations_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        include_name=include_name,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(_url())
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

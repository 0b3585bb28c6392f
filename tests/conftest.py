"""Fixtures shared by every stage's tests: paths to shared data and fresh databases.

Storage-backed tests take the ``database_url`` fixture, which runs each test on a new
SQLite file and, when ``FRONTLINE_TEST_POSTGRES_URL`` is set, again on a new database
of that PostgreSQL server. When the variable is set and the server cannot be reached,
the tests fail rather than skip.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from storage.database import Database

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository (eval corpus and fixtures)."""
    if not SHARED.is_dir():
        pytest.fail(f"{SHARED} is missing: tests read the eval corpus and fixtures there")
    return SHARED


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Keep every test away from the user's data directory and database."""
    data_dir = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("FRONTLINE_DATA_DIR", str(data_dir))
    monkeypatch.delenv("FRONTLINE_DATABASE_URL", raising=False)
    from frontline.settings import get_settings

    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _new_postgres_database(base_url: str) -> tuple[str, str]:
    name = f"frontline_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(base_url).set(database=name).render_as_string(hide_password=False), name


def _drop_postgres_database(base_url: str, name: str) -> None:
    admin = create_engine(base_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _backends() -> list:
    backends = [pytest.param("sqlite", id="sqlite")]
    if POSTGRES_URL:
        backends.append(pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgres))
    return backends


@pytest.fixture(params=_backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of a new, empty database: a SQLite file, then (if configured) PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'frontline.db'}"
        return
    base = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    url, name = _new_postgres_database(base)
    try:
        yield url
    finally:
        _drop_postgres_database(base, name)


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    """A migrated knowledge base on a new database."""
    database = Database(database_url)
    try:
        yield database
    finally:
        database.dispose()

"""Fixtures of the web tests: a seeded knowledge base, a token, and the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storage.database import Database
from tests.web.seed import seed_incidents, seeded_db_fixture  # noqa: F401 (fixture seeded_db)
from web.app import create_app
from web.tokens import create_token


@dataclass
class Served:
    db: Database
    app: FastAPI
    client: TestClient
    token: str
    ids: dict[str, int]

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def _serve(db: Database, ids: dict[str, int], token: str) -> Iterator[Served]:
    app = create_app(db.url)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Served(db, app, client, token, ids)
    app.state.engine.dispose()


@pytest.fixture(scope="module")
def served(seeded_db) -> Iterator[Served]:
    """The app over the module's seeded database, a TestClient that returns 500s, a token."""
    yield from _serve(*seeded_db)


@pytest.fixture
def served_alone(db: Database) -> Iterator[Served]:
    """The app over a database of its own, for tests that break or change it."""
    with db.session() as session:
        ids = seed_incidents(session)
        token = create_token(session, "tests")
    yield from _serve(db, ids, token)

"""Fixtures of the web tests: a seeded knowledge base, a token, and the app over it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from storage.database import Database
from tests.web.seed import seed_incidents
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


@pytest.fixture
def served(db: Database) -> Iterator[Served]:
    """The app over a seeded database, a TestClient that returns 500s, and a valid token."""
    with db.session() as session:
        ids = seed_incidents(session)
        token = create_token(session, "tests")
    app = create_app(db.url)
    with TestClient(app, raise_server_exceptions=False) as client:
        yield Served(db, app, client, token, ids)
    app.state.engine.dispose()

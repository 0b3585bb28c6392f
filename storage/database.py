"""The knowledge base as one object: an engine, its sessions, and its schema brought up to date."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from storage.schema import upgrade
from storage.session import make_engine, session_factory


class Database:
    """A knowledge base at ``url``. ``session()`` yields a session that commits on success."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self._sessions = session_factory(self.engine)
        if migrate:
            upgrade(self.engine)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string()!r})"


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    """The knowledge base at ``url``, or at the configured one (``FRONTLINE_DATABASE_URL``)."""
    if url is None:
        from frontline.settings import get_settings

        url = get_settings().resolved_database_url
    return Database(url, migrate=migrate)

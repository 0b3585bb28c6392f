"""The knowledge base as one object: an engine, its sessions, and its schema brought up to date."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from frontline.errors import DatabaseError
from storage.schema import upgrade
from storage.session import make_engine, safe_url, session_factory


class Database:
    """A knowledge base at ``url``. ``session()`` yields a session that commits on success."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        self._sessions = session_factory(self.engine)
        if migrate:
            with database_errors(url):
                upgrade(self.engine)

    @contextlib.contextmanager
    def session(self) -> Iterator[Session]:
        """A transaction: committed when the block ends, rolled back if it raises. A
        database that cannot be reached or written raises :class:`DatabaseError`."""
        with database_errors(self.url), self._sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string()!r})"


_KINDS = (
    ("read-only", ("readonly database", "read-only", "read only")),
    ("permission", ("permission denied", "password authentication failed", "authentication",
                    'role "', "not permitted")),
    ("missing", ("does not exist", "unable to open database file", "no such file")),
    ("unreachable", ("connection refused", "could not connect", "timeout", "timed out",
                     "could not translate host", "name or service not known",
                     "server closed the connection", "connection to server")),
)
_ADVICE = {
    "read-only": "make the file and its folder writable, or point FRONTLINE_DATABASE_URL at "
                 "a writable copy",
    "missing": "check FRONTLINE_DATABASE_URL, or create it (createdb for PostgreSQL, "
               "`frontline db upgrade` for a SQLite file)",
    "permission": "check the user and password in FRONTLINE_DATABASE_URL and the grants",
    "unreachable": "check that the server is running and FRONTLINE_DATABASE_URL names it",
    "failed": "see the log with --verbose",
}


def classify(error: BaseException) -> str:
    """Which kind of database fault ``error`` is (see :class:`DatabaseError`)."""
    text = str(getattr(error, "orig", None) or error).lower()
    for kind, cues in _KINDS:
        if any(cue in text for cue in cues):
            return kind
    return "failed"


@contextlib.contextmanager
def database_errors(url: str) -> Iterator[None]:
    """Turn a driver's connection or permission failure into one :class:`DatabaseError`
    line: what, where, what to do."""
    try:
        yield
    except (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.ProgrammingError) as exc:
        kind = classify(exc)
        if isinstance(exc, sa_exc.ProgrammingError) and kind == "failed":
            raise  # a bad query is a bug to see, not a database fault
        first = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise DatabaseError(f"knowledge base {safe_url(url)}: {kind}: {first}; {_ADVICE[kind]}",
                            kind) from exc


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite ``url`` (None for another backend or an in-memory database)."""
    try:
        parsed = make_url(url)
    except sa_exc.ArgumentError:
        return None
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    if database.startswith("file:"):  # a URI filename ("file:/path?mode=ro", uri=true)
        database = database[len("file:"):].split("?", 1)[0]
        if database in ("", ":memory:") or "mode=memory" in (parsed.database or ""):
            return None
    return Path(database).expanduser()


def require_existing(url: str) -> None:
    """Refuse a SQLite file that does not exist yet: commands that only read or add to a
    knowledge base must not create an empty one at a mistyped path (``frontline db
    upgrade``, ingest and the collection commands create it)."""
    path = sqlite_file(url)
    if path is not None and not path.exists():
        raise DatabaseError(
            f"knowledge base {safe_url(url)}: missing: there is no file {path}; "
            f"{_ADVICE['missing']}", "missing")


def open_database(url: str | None = None, *, migrate: bool = True, create: bool = True) -> Database:
    """The knowledge base at ``url``, or at the configured one (``FRONTLINE_DATABASE_URL``);
    with ``create=False`` a SQLite file must exist already (see :func:`require_existing`)."""
    if url is None:
        from frontline.settings import get_settings

        url = get_settings().resolved_database_url
    if not create:
        require_existing(url)
    return Database(url, migrate=migrate)

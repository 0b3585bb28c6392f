"""A knowledge base that cannot be reached, found, entered or written is one line and an
exit code that says which, never a traceback."""

from __future__ import annotations

import os
import sqlite3

import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from frontline.cli import app
from frontline.settings import get_settings

POSTGRES_URL = os.environ.get("FRONTLINE_TEST_POSTGRES_URL")


def _run(monkeypatch, url: str, *args: str):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", url)
    get_settings.cache_clear()
    return CliRunner().invoke(app, list(args))


def _one_line_error(result, code: int, kind: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and f": {kind}: " in lines[0]


def test_an_unreachable_server(monkeypatch) -> None:
    result = _run(monkeypatch, "postgresql://postgres@127.0.0.1:9/test", "incidents")
    _one_line_error(result, 10, "unreachable")


def test_a_read_only_sqlite_file(monkeypatch, tmp_path) -> None:
    path = tmp_path / "kb.db"
    assert _run(monkeypatch, f"sqlite:///{path}", "db", "upgrade").exit_code == 0
    sqlite3.connect(path).close()
    result = _run(monkeypatch, f"sqlite:///file:{path}?mode=ro&uri=true",
                  "subscribers", "add", "a@b.example")
    _one_line_error(result, 13, "read-only")


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="FRONTLINE_TEST_POSTGRES_URL is not set")
@pytest.mark.parametrize(("change", "code", "kind"), [
    ({"database": "frontline_no_such_database"}, 11, "missing"),
    ({"username": "frontline_no_such_role"}, 12, "permission"),
])
def test_a_missing_database_or_role(monkeypatch, change: dict, code: int, kind: str) -> None:
    url = make_url(POSTGRES_URL).set(**change).render_as_string(hide_password=False)
    _one_line_error(_run(monkeypatch, url, "incidents"), code, kind)


def test_numbers_too_big_for_the_database_are_usage_errors(monkeypatch, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    assert _run(monkeypatch, url, "db", "upgrade").exit_code == 0
    for args in (["incidents", "--offset", str(2**63)], ["incidents", "--officers-min", str(2**63)],
                 ["review", "show", str(2**63)]):
        result = _run(monkeypatch, url, *args)
        assert result.exit_code == 2 and "Traceback" not in result.output, (args, result.output)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_digest_date_out_of_range_is_one_error(monkeypatch, tmp_path, day: str) -> None:
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    assert _run(monkeypatch, url, "db", "upgrade").exit_code == 0
    result = _run(monkeypatch, url, "digest", "--date", day)
    assert result.exit_code == 1 and "out of range" in result.output
    assert "Traceback" not in result.output

"""The analyst commands: incidents and stats in every format, and token management."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from frontline.cli import app
from frontline.settings import get_settings
from web.tokens import verify_token

runner = CliRunner()


@pytest.fixture
def ids(seeded_db, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    database, seeded, _ = seeded_db
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", database.url)
    get_settings.cache_clear()
    return seeded


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_incidents_json_with_filters(ids: dict[str, int]) -> None:
    body = json.loads(_run("incidents", "--force", "Metropolitan Police Service", "--since", "2024-06-01", "--format", "json"))
    assert body["total"] == 1 and body["items"][0]["id"] == ids["hackney"]
    assert body["items"][0]["sources"][0]["outlet"] == "BBC News"


def test_incidents_csv(ids: dict[str, int]) -> None:
    rows = list(csv.DictReader(io.StringIO(_run("incidents", "--weapon", "spitting", "--weapon", "vehicle", "--format", "csv"))))
    assert [int(row["id"]) for row in rows] == [ids["hackney"], ids["salford"]]
    assert rows[0]["weapons"] == "bodily;spitting" and rows[0]["sources"].startswith("https://news.example/")


def test_incidents_geojson(ids: dict[str, int]) -> None:
    collection = json.loads(_run("incidents", "--severity", "uninjured", "--severity", "serious", "--format", "geojson"))
    assert collection["type"] == "FeatureCollection"
    assert [feature["id"] for feature in collection["features"]] == [ids["croydon"]]  # Leeds has no place


def test_incidents_table_for_people(ids: dict[str, int]) -> None:
    output = _run("incidents", "--limit", "2")
    assert "Hackney" in output and "Salford" in output and "Glasgow" not in output
    assert "2 of 5 incidents" in output


def test_bad_option_is_one_line_naming_it(ids: dict[str, int]) -> None:
    result = runner.invoke(app, ["incidents", "--severity", "maimed"])
    assert result.exit_code == 1
    assert "--severity" in result.stderr and "Traceback" not in result.output


def test_stats_by_force_json_and_month_csv(ids: dict[str, int]) -> None:
    rows = json.loads(_run("stats", "--by", "force", "--format", "json"))["rows"]
    assert rows[0]["key"] == "Metropolitan Police Service" and rows[0]["rate_per_1000_officers"] > 0
    months = list(csv.reader(io.StringIO(_run("stats", "--by", "month", "--format", "csv", "--since", "2024-01-01"))))
    assert months[0][:2] == ["month", "incidents"] and [m[0] for m in months[1:]] == ["2024-01", "2024-03", "2024-06"]
    assert "per 1,000 officers" in _run("stats")


def test_tokens_create_list_revoke(seeded_db, ids: dict[str, int]) -> None:
    db = seeded_db[0]
    secret = _run("tokens", "create", "comms-team").strip()
    with db.session() as session:
        assert verify_token(session, secret) == "comms-team"
    assert runner.invoke(app, ["tokens", "create", "comms-team"]).exit_code == 1
    assert "comms-team" in _run("tokens", "list")
    _run("tokens", "revoke", "comms-team")
    with db.session() as session:
        assert verify_token(session, secret) is None
    assert runner.invoke(app, ["tokens", "revoke", "comms-team"]).exit_code == 1


def test_serve_refuses_a_database_without_schema(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    sqlite3.connect(tmp_path / "empty.db").close()  # a file, but no tables
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve", "--port", "1"])
    assert result.exit_code == 1 and "frontline db upgrade" in result.stderr


@pytest.mark.parametrize("command", [
    ["serve", "--port", "1"], ["incidents"], ["stats"], ["review", "show", "1"],
    ["tokens", "list"], ["subscribers", "list"], ["digest", "--date", "2024-05-03"],
    ["alerts"], ["db", "resolve"],
])
def test_a_mistyped_sqlite_path_is_refused_not_created(
        tmp_path, monkeypatch: pytest.MonkeyPatch, command: list[str]) -> None:
    typo = tmp_path / "frontlne.db"
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{typo}")
    get_settings.cache_clear()
    result = runner.invoke(app, command)
    assert result.exit_code == 11, result.output
    assert f"there is no file {typo}" in result.stderr and "frontline db upgrade" in result.stderr
    assert "Traceback" not in result.output
    assert not typo.exists()


def test_reusing_a_revoked_name_keeps_the_revocation_listed(db) -> None:
    from web.tokens import create_token, list_tokens, revoke_token, verify_token

    with db.session() as session:
        old = create_token(session, "newsroom")
        revoke_token(session, "newsroom")
        new = create_token(session, "newsroom")
    with db.session() as session:
        tokens = list_tokens(session)
        assert [t.active for t in tokens] == [False, True]
        assert tokens[0].name.startswith("newsroom (revoked ") and tokens[1].name == "newsroom"
        assert verify_token(session, old) is None and verify_token(session, new) == "newsroom"

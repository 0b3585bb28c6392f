"""The digest and subscribers commands, run through Typer's test runner on a real database."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from frontline.cli import app
from frontline.settings import get_settings
from tests.digest.conftest import DAY

runner = CliRunner()


@pytest.fixture
def cli_env(kb, database_url, monkeypatch):
    monkeypatch.setenv("FRONTLINE_DATABASE_URL", database_url)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_subscribers_add_list_remove(cli_env) -> None:
    result = runner.invoke(
        app, ["subscribers", "add", "Press@Kent.Example", "--force", "kent police", "--no-alerts"]
    )
    assert result.exit_code == 0, result.output
    assert "Kent Police digest, alerts off" in result.output
    assert runner.invoke(app, ["subscribers", "add", "all@national.example"]).exit_code == 0
    listed = runner.invoke(app, ["subscribers", "list", "--json"])
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows == [
        {"email": "Press@kent.example", "forces": ["Kent Police"], "alerts": False},
        {"email": "all@national.example", "forces": [], "alerts": True},
    ]
    assert runner.invoke(app, ["subscribers", "remove", "all@national.example"]).exit_code == 0
    again = runner.invoke(app, ["subscribers", "remove", "all@national.example"])
    assert again.exit_code == 1 and "not subscribed" in again.output


def test_subscribers_add_rejects_unknown_force_and_bad_email(cli_env) -> None:
    bad_force = runner.invoke(
        app, ["subscribers", "add", "a@b.example", "--force", "Gotham City Police"]
    )
    assert (
        bad_force.exit_code == 1 and "'Gotham City Police' is not one of the 48" in bad_force.output
    )
    bad_email = runner.invoke(app, ["subscribers", "add", "not-an-address"])
    assert bad_email.exit_code == 1 and "is not an email address" in bad_email.output


def test_digest_prints_markdown_and_archives(cli_env) -> None:
    result = runner.invoke(app, ["digest", "--date", DAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Attacks on police officers: Tuesday 24 November 2026")
    assert (get_settings().resolved_archive_dir / "2026-11-24.html").exists()
    assert (get_settings().resolved_archive_dir / "index.html").read_text().count("2026-11-24") >= 1


def test_digest_force_and_format(cli_env) -> None:
    result = runner.invoke(
        app, ["digest", "--date", DAY.isoformat(), "--force", "Essex Police", "--format", "html"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and "Basildon" in result.stdout
    assert "Maidstone" not in result.stdout


def test_digest_bad_date_is_one_line_error(cli_env) -> None:
    result = runner.invoke(app, ["digest", "--date", "24/11/2026"])
    assert result.exit_code == 1 and "--date '24/11/2026' is not a date" in result.output


def test_digest_send_with_mail_down_exits_1_but_archives(cli_env, monkeypatch) -> None:
    from tests.digest.conftest import free_port

    monkeypatch.setenv("FRONTLINE_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("FRONTLINE_SMTP_PORT", str(free_port()))
    monkeypatch.setenv("FRONTLINE_SMTP_RETRY_DELAY", "0")
    get_settings.cache_clear()
    assert runner.invoke(app, ["subscribers", "add", "all@national.example"]).exit_code == 0
    result = runner.invoke(app, ["digest", "--date", DAY.isoformat(), "--send", "--format", "text"])
    assert result.exit_code == 1
    assert "pending 1" in result.output
    assert (get_settings().resolved_archive_dir / "2026-11-24.md").exists()

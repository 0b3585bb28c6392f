"""The docs cannot drift from the code: every command and every setting is in the README."""

from __future__ import annotations

import re

import pytest
import typer.main

from frontline.cli import app
from frontline.settings import Settings
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def _commands(group, prefix: str = "frontline") -> list[tuple[str, object]]:  # type: ignore[no-untyped-def]
    """Every command and sub-command, as (``frontline db upgrade``, command) pairs."""
    found = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        found.append((path, command))
        if getattr(command, "commands", None):
            found += _commands(command, path)
    return found


COMMANDS = _commands(typer.main.get_command(app))


def test_there_are_commands() -> None:
    assert len(COMMANDS) >= 5


@pytest.mark.parametrize("path,command", COMMANDS, ids=[path for path, _ in COMMANDS])
def test_every_command_has_help_and_is_documented(path: str, command) -> None:  # type: ignore[no-untyped-def]
    assert (command.help or "").strip(), f"{path} has no help text"
    assert f"`{path}" in README, f"{path} is not documented in README.md"
    for param in command.params:
        if param.param_type_name == "option" and param.name != "help":
            assert (param.help or "").strip(), f"{path} option {param.opts} has no help"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented(name: str) -> None:
    field = Settings.model_fields[name]
    assert (field.description or "").strip(), f"setting {name} has no description"
    variable = f"FRONTLINE_{name.upper()}"
    assert re.search(rf"\b{variable}\b", README), f"{variable} is not documented in README.md"

"""The ``frontline`` command.

Each module of this package holds the commands of one area and exposes
``register(app)``; they are discovered here, so adding an area never edits this file.
"""

from __future__ import annotations

import importlib
import pkgutil

import typer

app = typer.Typer(
    name="frontline",
    help="Watch the news for attacks on UK police officers and keep an incident knowledge base.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _register_areas() -> None:
    for module_info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if module_info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(app)


_register_areas()


def main() -> None:
    """Console-script entry point."""
    app()

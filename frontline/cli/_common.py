"""Helpers shared by the CLI modules: consoles and the error boundary."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer
from rich.console import Console

from frontline.errors import FrontlineError

out = Console()
err = Console(stderr=True)


@contextlib.contextmanager
def handle_errors(verbose: bool = False) -> Iterator[None]:
    """Turn an expected :class:`FrontlineError` into one red line and exit code 1."""
    try:
        yield
    except FrontlineError as exc:
        if verbose:
            err.print_exception()
        err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
        raise typer.Exit(code=1) from exc

"""Helpers shared by the CLI modules: consoles and the error boundary."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import typer
from rich.console import Console
from rich.markup import escape

from frontline.errors import DATABASE_EXIT_CODES, DatabaseError, FrontlineError

out = Console()
err = Console(stderr=True)

EXIT_SKIPPED = 3
"""Exit code of a command that did its work but skipped some bad input lines (named on
stderr)."""


def warn_skipped(reason: str) -> None:
    """Name one skipped input on stderr (its text printed as is, brackets and all)."""
    err.print(f"[yellow]skipped[/yellow] {escape(reason)}", highlight=False, soft_wrap=True)


@contextlib.contextmanager
def handle_errors(verbose: bool = False) -> Iterator[None]:
    """Turn an expected :class:`FrontlineError` into one red line and exit code 1 (a
    :class:`DatabaseError` exits 10 unreachable, 11 missing, 12 permission, 13 read-only,
    14 other)."""
    try:
        yield
    except FrontlineError as exc:
        if verbose:
            err.print_exception()
        err.print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False,
                  soft_wrap=True)
        code = DATABASE_EXIT_CODES[exc.kind] if isinstance(exc, DatabaseError) else 1
        raise typer.Exit(code=code) from exc

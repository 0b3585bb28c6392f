"""``frontline tokens``: bearer tokens for the analyst API and page."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from frontline.cli._common import err, handle_errors, out

tokens_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)

Name = Annotated[str, typer.Argument(help="Who or what the token is for, e.g. comms-team.")]


@tokens_app.command("create")
def create_command(name: Name) -> None:
    """Create a token called NAME and print it (shown once; only its hash is stored)."""
    from storage.database import open_database
    from web.tokens import create_token

    with handle_errors():
        database = open_database(create=False)
        try:
            with database.session() as session:
                secret = create_token(session, name)
        finally:
            database.dispose()
        typer.echo(secret)
        err.print(
            f"token {name!r} created. Send it as 'Authorization: Bearer <token>', or paste it into "
            "the token field of the page that `frontline serve` shows (or open /#token=<token>)."
        )


@tokens_app.command("revoke")
def revoke_command(name: Name) -> None:
    """Revoke the token called NAME: requests carrying it get 401 from now on."""
    from storage.database import open_database
    from web.tokens import revoke_token

    with handle_errors():
        database = open_database(create=False)
        try:
            with database.session() as session:
                revoke_token(session, name)
        finally:
            database.dispose()
        err.print(f"token {name!r} revoked")


@tokens_app.command("list")
def list_command() -> None:
    """List tokens by name, with when they were created and revoked."""
    from storage.database import open_database
    from web.tokens import list_tokens

    with handle_errors():
        database = open_database(create=False)
        try:
            with database.session() as session:
                tokens = list_tokens(session)
        finally:
            database.dispose()
        table = Table()
        for column in ("name", "created", "revoked"):
            table.add_column(column)
        for token in tokens:
            table.add_row(
                token.name,
                token.created_at.isoformat(timespec="seconds"),
                token.revoked_at.isoformat(timespec="seconds") if token.revoked_at else "",
            )
        out.print(table)


def register(app: typer.Typer) -> None:
    """Add ``frontline tokens`` to the root command."""
    app.add_typer(tokens_app, name="tokens")

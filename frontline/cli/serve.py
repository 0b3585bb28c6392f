"""``frontline serve``: the read-only analyst API and page, under uvicorn."""

from __future__ import annotations

from typing import Annotated

import typer

from frontline.cli._common import err, handle_errors
from frontline.errors import ConfigError
from frontline.settings import get_settings


def serve_command(
    host: Annotated[str, typer.Option(help="Address to listen on, e.g. 0.0.0.0 for every interface.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on, e.g. 8000.")] = 8000,
    workers: Annotated[int | None, typer.Option(
        min=1, help="Worker processes, e.g. one per core (default FRONTLINE_API_WORKERS, 1).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug messages and full tracebacks.")] = False,
) -> None:
    """Serve the analyst page at / and the read-only JSON API at /api (bearer tokens)."""
    import uvicorn

    from frontline.logs import configure_logging
    from storage.database import require_existing
    from storage.schema import current_revision
    from storage.session import make_engine
    from web.app import create_app

    configure_logging(verbose)
    with handle_errors(verbose):
        url = get_settings().resolved_database_url
        require_existing(url)
        engine = make_engine(url)
        try:
            if current_revision(engine) is None:
                raise ConfigError(f"{engine.url.render_as_string()}: no schema yet; run `frontline db upgrade` first")
        finally:
            engine.dispose()
        processes = workers or get_settings().api_workers
        err.print(
            f"serving http://{host}:{port}/ (API description at /api/openapi.json). "
            "Make a token with `frontline tokens create NAME` and paste it into the page."
        )
        # log_config=None: uvicorn's loggers go through our handler, like every other log line.
        if processes > 1:  # each worker process builds its own app (and pool) from the settings
            uvicorn.run("web.app:create_app_from_settings", factory=True, workers=processes,
                        host=host, port=port, log_config=None, server_header=False)
        else:
            uvicorn.run(create_app(url), host=host, port=port, log_config=None,
                        server_header=False)


def register(app: typer.Typer) -> None:
    """Add ``frontline serve`` to the root command."""
    app.command("serve")(serve_command)

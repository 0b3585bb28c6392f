"""``python -m demo.run``: the whole pipeline on the demo site, end to end, offline.

Serves the demo site on a free port of 127.0.0.1, writes a sources file pointing at it,
runs the ``daily`` flow in Prefect's ephemeral mode against a knowledge base in
``.demo/`` (never the user's own), then prints the day's digest and the incidents found.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

DEMO_DIR = Path(".demo")
SOURCES_TEMPLATE = Path(__file__).resolve().parent / "sources.yaml"
TEMPLATE_BASE_URL = "http://127.0.0.1:8765"


def write_demo_sources(base_url: str, path: Path) -> Path:
    """Write the demo sources file with its URLs pointing at ``base_url``; return ``path``."""
    text = SOURCES_TEMPLATE.read_text(encoding="utf-8").replace(TEMPLATE_BASE_URL, base_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def isolate_environment(data_dir: Path) -> str:
    """Point frontline and Prefect at ``data_dir``; return the demo database URL.

    Must run before frontline's settings or Prefect are imported.
    """
    data_dir = data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = f"sqlite:///{data_dir / 'frontline.db'}"
    os.environ["FRONTLINE_DATA_DIR"] = str(data_dir)
    os.environ["FRONTLINE_DATABASE_URL"] = database_url
    os.environ.setdefault("PREFECT_HOME", str(data_dir / "prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "crawlers,storage,nlp,digest,flows")
    return database_url


def main(argv: list[str] | None = None) -> int:
    """Run the demo; return the process exit code."""
    parser = argparse.ArgumentParser(description="Run frontline's daily flow on the demo news site.")
    parser.add_argument(
        "--data-dir", type=Path, default=DEMO_DIR, help="Folder for the demo database, e.g. .demo."
    )
    parser.add_argument(
        "--keep", action="store_true", help="Keep the knowledge base of an earlier demo run."
    )
    args = parser.parse_args(argv)

    database_url = isolate_environment(args.data_dir)
    db_file = args.data_dir.resolve() / "frontline.db"
    if not args.keep:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)

    from rich.console import Console

    from demo.report import print_report
    from demo.serve import serve_demo_site
    from flows.daily import daily

    out, err = Console(), Console(stderr=True)
    if not out.is_terminal:
        out = Console(width=160)  # a log file or a pipe: keep the table's rows on one line
    server, base_url = serve_demo_site(0)
    err.print(f"[bold]demo site[/] {base_url}  [bold]knowledge base[/] {database_url}")
    started = time.monotonic()
    try:
        sources = write_demo_sources(base_url, args.data_dir.resolve() / "sources.yaml")
        state = daily(
            database_url=database_url, feeds_file=str(sources), send=False, return_state=True
        )
    finally:
        server.shutdown()
        server.server_close()
    err.print(f"daily flow {(state.name or 'ended').lower()} in {time.monotonic() - started:.0f} s")
    print_report(out, database_url)
    if not state.is_completed():
        err.print(f"[red]the daily flow failed: {state.message}[/]")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

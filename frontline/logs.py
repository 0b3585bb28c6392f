"""Logging set-up for entry points (CLI, crawl runner). Library modules only get loggers."""

from __future__ import annotations

import logging

from rich.console import Console
from rich.logging import RichHandler


def configure_logging(verbose: bool = False) -> None:
    """Send log records to stderr through Rich; INFO by default, DEBUG with ``verbose``."""
    level = logging.DEBUG if verbose else logging.INFO
    handler = RichHandler(console=Console(stderr=True), show_path=False, rich_tracebacks=verbose)
    logging.basicConfig(level=level, format="%(message)s", handlers=[handler], force=True)
    for noisy in ("scrapy", "twisted", "trafilatura", "htmldate", "urllib3", "httpx", "alembic",
                  "mail.log"):
        logging.getLogger(noisy).setLevel(logging.WARNING)

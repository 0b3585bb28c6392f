"""``frontline ingest``: load articles into the knowledge base, extract and resolve incidents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from frontline.cli._common import EXIT_SKIPPED, err, handle_errors, out, warn_skipped
from frontline.settings import get_settings


def ingest(
    jsonl: Annotated[
        Path,
        typer.Option("--jsonl", help="Articles, one JSON object a line (id, url, source, title, published, text)."),
    ],
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy model, e.g. en_core_web_sm (default: from settings).")
    ] = None,
    batch_size: Annotated[int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch, e.g. 32.")] = 32,
    verbose: Annotated[bool, typer.Option("--verbose", help="Log every step and show tracebacks of errors.")] = False,
) -> None:
    """Store the articles of a JSONL file, extract the new or changed ones and resolve incidents.

    Ingesting the same file again changes nothing. A bad line (not UTF-8, not JSON, no id...)
    is skipped and named on stderr; every good article is stored, and the exit code is then 3.
    """
    from nlp.extractor import Extractor
    from storage.database import open_database
    from storage.ingest import ingest_jsonl

    if verbose:
        from frontline.logs import configure_logging

        configure_logging(verbose=True)
    with handle_errors(verbose):
        settings = get_settings()
        db = open_database()
        progress = Progress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True,
        )
        tasks: dict[str, TaskID] = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task("storing" if stage == "store" else "extracting")
            progress.update(tasks[stage], completed=done, total=total or None)

        try:
            with progress:
                report = ingest_jsonl(
                    db, jsonl, Extractor(model or settings.spacy_model),
                    batch_size=batch_size, on_progress=on_progress,
                )
        finally:
            db.dispose()
        for _, reason in report.bad:
            warn_skipped(reason)
        extracted = report.extracted
        out.print(
            f"articles: {report.read} read, {report.stored} stored or changed, "
            f"{report.unchanged} unchanged, {len(report.bad)} bad line(s)",
            highlight=False,
        )
        if extracted is not None:
            out.print(
                f"extracted: {extracted.read} article(s), {extracted.relevant} relevant, "
                f"{extracted.mentions} mention(s), {len(extracted.skipped)} skipped",
                highlight=False,
            )
            for label, reason in extracted.skipped:
                warn_skipped(f"article {label}: {reason}")
            if extracted.resolved is not None:
                resolved = extracted.resolved
                out.print(
                    f"incidents: {resolved.created} created, {resolved.updated} updated, "
                    f"{resolved.removed} removed",
                    highlight=False,
                )
        if report.bad:
            raise typer.Exit(code=EXIT_SKIPPED)  # the good articles are all stored


def register(app: typer.Typer) -> None:
    """Add ``ingest`` to the root ``frontline`` command."""
    app.command("ingest")(ingest)

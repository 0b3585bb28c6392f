"""``frontline extract``: read articles (JSONL) and print what they report about attacks on police."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from frontline.cli._common import EXIT_SKIPPED, err, handle_errors, warn_skipped
from frontline.settings import get_settings

if TYPE_CHECKING:
    from nlp.mentions import ArticleExtraction, ArticleInput


def _count_lines(path: Path) -> int | None:
    """Non-blank lines of ``path`` (bytes, so a badly encoded line still counts), for the
    progress bar; None when it cannot be read."""
    try:
        with path.open("rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return None


def extract(
    jsonl: Annotated[Path, typer.Option("--jsonl", help="Articles, one JSON object a line.")],
    explain: Annotated[
        bool, typer.Option("--explain", help="Add each field's evidence sentence and the rule that read it.")
    ] = False,
    model: Annotated[
        str | None, typer.Option("--model", help="spaCy model (default: from settings).")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, help="Articles per spaCy batch.")
    ] = 32,
    processes: Annotated[
        int | None, typer.Option(
            "--processes", min=1,
            help="Worker processes, e.g. one per core (default FRONTLINE_EXTRACT_PROCESSES, 1); "
            "each loads its own pipeline, so it pays off from a few hundred articles.")
    ] = None,
    resolve: Annotated[
        bool,
        typer.Option(
            "--resolve",
            help="Also resolve incidents across the articles (in a fresh temporary knowledge "
            "base) and give each incident the incident_id it joined.",
        ),
    ] = False,
) -> None:
    """Print one JSON line per article: is it about an attack on UK police, and the incidents.

    A bad input line (not UTF-8, not JSON, no id...) is skipped and named on stderr; the
    good articles are all printed, and the exit code is then 3.
    """
    from nlp.contract import read_articles_jsonl, to_contract
    from nlp.extractor import Extractor

    skipped: list[str] = []
    with handle_errors():
        extractor = Extractor(model or get_settings().spacy_model)
        stream = read_articles_jsonl(jsonl, on_bad_line=lambda where, exc: skipped.append(
            str(exc)))
        # with --resolve, printed once all are read: incidents join across articles
        articles: Iterable[ArticleInput] = list(stream) if resolve else stream
        extractions: list[ArticleExtraction] = []
        progress = Progress(
            TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            console=err, transient=True,
        )
        with progress:
            task = progress.add_task("extract", total=_count_lines(jsonl))
            workers = processes or get_settings().extract_processes
            for extraction in extractor.extract_many(articles, batch_size, workers):
                if resolve:
                    extractions.append(extraction)
                else:
                    sys.stdout.write(json.dumps(to_contract(extraction, explain=explain)) + "\n")
                progress.advance(task)
        if resolve:
            from storage.ingest import contract_with_incidents

            for row in contract_with_incidents(list(articles), extractions, explain=explain):
                sys.stdout.write(json.dumps(row) + "\n")
        sys.stdout.flush()
    for reason in skipped:
        warn_skipped(reason)
    if skipped:
        raise typer.Exit(code=EXIT_SKIPPED)


def register(app: typer.Typer) -> None:
    """Add ``extract`` to the root ``frontline`` command."""
    app.command("extract")(extract)

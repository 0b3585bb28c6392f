"""The extraction contract (``/work/shared/eval/README.md``): read articles, write results."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from frontline.errors import InputError
from nlp.mentions import ArticleExtraction, ArticleInput, IncidentMention

logger = logging.getLogger(__name__)

INCIDENT_FIELDS = ("force", "location", "weapons", "date", "officers", "severity")
MAX_ID_LENGTH = 200
"""The longest article id the knowledge base keeps (``Article.external_id``)."""


def incident_to_contract(incident: IncidentMention, explain: bool = False) -> dict[str, Any]:
    """One incident in the contract's shape; with ``explain``, its evidence too."""
    row: dict[str, Any] = {
        "force": incident.force,
        "location": incident.location,
        "weapons": list(incident.weapons),
        "date": incident.date.isoformat() if incident.date else None,
        "officers": incident.officers,
        "severity": incident.severity,
    }
    if explain:
        row["evidence"] = {
            name: {"start": ev.start, "end": ev.end, "text": ev.text, "rule": ev.rule}
            for name, ev in incident.evidence.items()
        }
    return row


def to_contract(extraction: ArticleExtraction, explain: bool = False) -> dict[str, Any]:
    """The output line for one article: ``{"id", "relevant", "incidents": [...]}``."""
    return {
        "id": extraction.article_id,
        "relevant": extraction.relevant,
        "incidents": [incident_to_contract(i, explain) for i in extraction.incidents]
        if extraction.relevant else [],
    }


def _parse_date(value: Any, where: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: published must be an ISO date string or null")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError as exc:
        raise InputError(f"{where}: published {value!r} is not an ISO date") from exc


def article_from_row(row: Any, where: str) -> ArticleInput:
    """An :class:`ArticleInput` from one decoded JSON line (``where`` names file:line)."""
    if not isinstance(row, dict):
        raise InputError(f"{where}: expected a JSON object")
    if "id" not in row or row["id"] in (None, ""):
        raise InputError(f"{where}: missing id")
    if len(str(row["id"])) > MAX_ID_LENGTH:
        raise InputError(f"{where}: id is {len(str(row['id']))} characters long; at most "
                         f"{MAX_ID_LENGTH} are kept")
    text = row.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: article {row['id']}: text must be a string")
    title = row.get("title") or ""
    if not isinstance(title, str):
        raise InputError(f"{where}: article {row['id']}: title must be a string")
    return ArticleInput(
        id=str(row["id"]),
        title=title,
        text=text,
        published=_parse_date(row.get("published"), where),
        url=row.get("url"),
        source=row.get("source"),
    )


def read_articles_jsonl(
    path: str | Path, on_bad_line: Callable[[str, InputError], None] | None = None
) -> Iterator[ArticleInput]:
    """Articles from a JSONL file, one a line, in UTF-8 (a byte-order mark is accepted, and a
    UTF-16 file with its mark is read as such).

    A bad line (not UTF-8, not JSON, nested too deep, a lone surrogate, a missing id or
    text...) raises :class:`InputError` naming file:line, or, when ``on_bad_line`` is
    given, is handed to it with its ``file:line`` and skipped, so every good article of the
    file is still read. A file that cannot be opened always raises.
    """
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with fh:
        for number, raw in enumerate(_lines(fh), 1):
            where = f"{path}:{number}"
            try:
                line = _decode(raw, where, first=number == 1)
                if not line.strip():
                    continue
                article = article_from_row(_load_json(line, where), where)
            except InputError as exc:
                if on_bad_line is None:
                    raise
                on_bad_line(where, exc)
                continue
            yield article


def _lines(fh) -> Iterator[bytes]:
    """The raw lines of a JSONL file; a UTF-16 file (told by its byte-order mark) is
    re-encoded as UTF-8 first."""
    head = fh.read(2)
    if head in (b"\xff\xfe", b"\xfe\xff"):
        text = (head + fh.read()).decode("utf-16", errors="replace")
        yield from (line.encode("utf-8") for line in text.splitlines(keepends=True))
        return
    yield from (head + fh.readline()).splitlines(keepends=True) if head else ()
    yield from fh


def _decode(raw: bytes, where: str, first: bool) -> str:
    if first and raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 (byte 0x{raw[exc.start]:02x} at column "
                         f"{exc.start + 1}); save the file as UTF-8") from exc


def _load_json(line: str, where: str) -> Any:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON: {exc.msg} (column {exc.colno})") from exc
    except RecursionError as exc:
        raise InputError(f"{where}: not an article: JSON nested too deep") from exc
    try:
        json.dumps(row, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"{where}: text holds a lone surrogate escape (such as \\ud800), "
                         "which is no character") from exc
    return row

"""The digest archive: every digest written to disk first, so nothing is lost when mail is down.

One HTML and one Markdown file per day and scope (``2026-11-24.html``,
``2026-11-24--kent-police.html``), an ``index.json`` of what is there and an
``index.html`` page listing it, newest first. Files are replaced atomically.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from pathlib import Path

from digest.content import Digest
from digest.render import chart_png, data_uri, environment, inline_css, render_html, render_markdown
from frontline.errors import ConfigError

logger = logging.getLogger(__name__)

INDEX_JSON = "index.json"


def archive_stem(day: dt.date, scope_key: str) -> str:
    """The file name, without extension, of a digest: ``2026-11-24`` or ``2026-11-24--kent-police``."""
    return day.isoformat() if scope_key == "national" else f"{day.isoformat()}--{scope_key}"


def _write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so readers never see half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"digest archive {path.parent}: cannot write there ({exc})") from exc
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ConfigError(f"digest archive {path}: cannot write it ({exc})") from exc


def write_archive(digest: Digest, archive_dir: Path) -> Path:
    """Write ``digest`` as HTML (chart embedded as a data: URI) and Markdown; return the HTML path.

    Rewriting the same day and scope replaces the files; the index is rebuilt each time.
    """
    stem = archive_stem(digest.day, digest.scope_key)
    html_path = archive_dir / f"{stem}.html"
    _write_atomic(html_path, render_html(digest, chart_src=data_uri(chart_png(digest))))
    _write_atomic(archive_dir / f"{stem}.md", render_markdown(digest))
    entries = _read_index(archive_dir)
    entries[stem] = {
        "day": digest.day.isoformat(),
        "scope": digest.scope,
        "new": len(digest.new),
        "updates": len(digest.updates),
    }
    _write_atomic(archive_dir / INDEX_JSON, json.dumps(entries, indent=1, sort_keys=True) + "\n")
    write_index(archive_dir, entries)
    logger.info("archived digest %s (%s) at %s", digest.day, digest.scope, html_path)
    return html_path


def _read_index(archive_dir: Path) -> dict[str, dict]:
    path = archive_dir / INDEX_JSON
    entries: dict[str, dict] = {}
    if path.exists():
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(loaded, dict):
                entries = loaded
        except (OSError, ValueError) as exc:
            logger.warning("%s unreadable (%s); rebuilding it from the files", path, exc)
    for html in archive_dir.glob("????-??-??*.html"):  # files archived without an index entry
        stem = html.stem
        if stem not in entries:
            day, _, scope = stem.partition("--")
            entries[stem] = {"day": day, "scope": scope or "National", "new": None, "updates": None}
    return {
        stem: entry for stem, entry in entries.items() if (archive_dir / f"{stem}.html").exists()
    }


def write_index(archive_dir: Path, entries: dict[str, dict] | None = None) -> Path:
    """(Re)write ``index.html`` listing every archived digest, newest day first."""
    if entries is None:
        entries = _read_index(archive_dir)
    rows = sorted(
        ({"stem": stem, **entry} for stem, entry in entries.items()),
        key=lambda e: (e["scope"] != "National", e["scope"]),
    )
    rows.sort(key=lambda e: e["day"], reverse=True)  # stable: national first within a day
    html = environment().get_template("index.html").render(rows=rows)
    path = archive_dir / "index.html"
    _write_atomic(path, inline_css(html))
    return path

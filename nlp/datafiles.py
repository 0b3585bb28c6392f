"""Read the JSONL data files shipped in ``nlp/data`` (patterns, vocabularies, gazetteer).

Every line of a data file is one JSON object with an ``id``. A line that is not
JSON, is not an object, lacks ``id`` or a required key fails at load time with
an :class:`~frontline.errors.ConfigError` naming ``file:line``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Any

from frontline.errors import ConfigError

logger = logging.getLogger(__name__)

_PACKAGE = "nlp.data"


def parse_jsonl(lines: Iterable[str], source: str, required: Iterable[str] = ()) -> list[dict]:
    """Parse JSONL ``lines`` read from ``source``; raise naming ``source:line`` on a bad one."""
    required = tuple(required)
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        line = line.strip()
        if not line or line.startswith("//"):
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{source}:{number}: not JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise ConfigError(f"{source}:{number}: expected a JSON object")
        missing = [key for key in ("id", *required) if key not in row]
        if missing:
            raise ConfigError(f"{source}:{number}: missing {', '.join(missing)}")
        if row["id"] in seen:
            raise ConfigError(f"{source}:{number}: duplicate id {row['id']!r}")
        seen.add(row["id"])
        rows.append(row)
    return rows


@lru_cache(maxsize=32)
def load_jsonl(name: str, required: tuple[str, ...] = ()) -> tuple[dict, ...]:
    """Load the packaged data file ``nlp/data/<name>`` (e.g. ``"weapons.jsonl"``)."""
    resource = resources.files(_PACKAGE).joinpath(name)
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ConfigError(f"nlp/data/{name}: data file not found") from exc
    rows = parse_jsonl(text.splitlines(), f"nlp/data/{name}", required)
    logger.debug("loaded %d rows from nlp/data/%s", len(rows), name)
    return tuple(rows)

"""Our own labelled articles follow the extraction contract (``../shared/eval/README.md``).

Every batch in ``tests/nlp/data/`` is a pair of files: ``<batch>.jsonl`` (articles, the
contract's input) and ``<batch>_gold.jsonl`` (labels, the contract's output plus an
``event`` key per incident). Batches written from real reports (``reports/`` and
``sealed/``) must give that key, and each article's ``sources``: the URLs its facts
came from.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.nlp.conftest import EVAL_DIR

DATA = Path(__file__).parent / "data"
SEVERITIES = {"killed", "serious", "injured", "uninjured", "unknown"}
WITH_SOURCES = ("reports", "sealed")


def _batches() -> list[Path]:
    return sorted(p for p in DATA.rglob("*_gold.jsonl"))


def _rows(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                pytest.fail(f"{path}:{number}: not JSON: {exc}")
    return rows


def _vocabulary(name: str) -> set[str]:
    lines = (EVAL_DIR / name).read_text(encoding="utf-8").splitlines()
    return {line.split("\t")[0].strip() for line in lines if line.strip()}


def _check_date(value, where: str) -> None:
    if value is None:
        return
    assert isinstance(value, str), f"{where}: date must be an ISO string or null"
    dt.date.fromisoformat(value)


def _check_incident(
    incident: dict, forces: set[str], weapons: set[str], where: str, needs_event: bool
) -> None:
    assert incident.get("force") is None or incident["force"] in forces, (
        f"{where}: force {incident.get('force')!r} is not in forces.txt")
    location = incident.get("location")
    assert location is None or isinstance(location, str) or (
        isinstance(location, list) and location and all(isinstance(x, str) for x in location)
    ), f"{where}: location must be null, a string or a non-empty list of strings"
    assert isinstance(incident.get("weapons"), list) and incident["weapons"], (
        f"{where}: weapons must be a non-empty list (use [\"unknown\"])")
    unknown = set(incident["weapons"]) - weapons
    assert not unknown, f"{where}: weapons {sorted(unknown)} are not in weapons.txt"
    assert not ("unknown" in incident["weapons"] and len(incident["weapons"]) > 1), (
        f"{where}: 'unknown' cannot sit beside a known weapon")
    _check_date(incident.get("date"), where)
    officers = incident.get("officers")
    assert officers is None or (isinstance(officers, int) and officers >= 1), (
        f"{where}: officers must be a positive integer or null")
    assert incident.get("severity") in SEVERITIES, f"{where}: severity {incident.get('severity')!r}"
    assert not needs_event or isinstance(incident.get("event"), str) and incident["event"], (
        f"{where}: every incident needs an event key")


@pytest.mark.parametrize("gold_path", _batches(), ids=lambda p: str(p.relative_to(DATA)))
def test_batch_follows_the_contract(gold_path: Path) -> None:
    articles_path = gold_path.with_name(gold_path.name.replace("_gold.jsonl", ".jsonl"))
    assert articles_path.exists(), f"{gold_path}: no articles file {articles_path.name}"
    forces, weapons = _vocabulary("forces.txt"), _vocabulary("weapons.txt")
    articles = {row["id"]: row for row in _rows(articles_path)}
    gold = _rows(gold_path)
    assert len(articles) == len(_rows(articles_path)), f"{articles_path}: duplicate ids"
    assert [g["id"] for g in gold if g["id"] not in articles] == [], "gold without article"
    assert sorted(articles) == sorted(g["id"] for g in gold), "article without gold"
    needs_sources = gold_path.parent.name in WITH_SOURCES
    for row in gold:
        where = f"{gold_path.name}: {row['id']}"
        article = articles[row["id"]]
        assert isinstance(article.get("text"), str) and article["text"].strip(), where
        assert isinstance(article.get("title"), str), where
        _check_date(article.get("published"), where)
        assert isinstance(row.get("relevant"), bool), f"{where}: relevant must be true/false"
        incidents = row.get("incidents")
        assert isinstance(incidents, list), f"{where}: incidents must be a list"
        assert bool(incidents) == row["relevant"], (
            f"{where}: a relevant article has incidents, an irrelevant one none")
        for n, incident in enumerate(incidents):
            _check_incident(incident, forces, weapons, f"{where} incident {n}", needs_sources)
        if needs_sources:
            sources = row.get("sources")
            assert isinstance(sources, list) and sources and all(
                isinstance(s, str) and s.startswith("http") for s in sources
            ), f"{where}: give the source URLs the facts came from"


def test_ids_are_unique_across_batches() -> None:
    seen: dict[str, Path] = {}
    for gold_path in _batches():
        for row in _rows(gold_path):
            assert row["id"] not in seen, f"{row['id']} in {gold_path} and {seen[row['id']]}"
            seen[row["id"]] = gold_path

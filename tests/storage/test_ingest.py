"""Ingesting contract JSONL with the real extractor: stored, read, resolved, and idempotent."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from nlp.extractor import Extractor
from storage.database import Database
from storage.extraction import extract_pending
from storage.ingest import ingest_jsonl
from storage.models import Article, Incident, Mention

ARTICLES = [
    {"id": "t-1", "url": "https://news.example/hove-officers", "source": "argus",
     "title": "Two police officers punched in Hove",
     "published": "2019-08-16",
     "text": "Two Sussex Police officers were punched and kicked while arresting a man in Hove "
             "on Thursday night. Both were treated in hospital for their injuries."},
    {"id": "t-2", "url": None, "source": "brighton-news",
     "title": "Officers assaulted during arrest in Hove",
     "published": "2019-08-17",
     "text": "Two police officers were assaulted in Hove on Thursday when a man punched them "
             "during an arrest, Sussex Police said. They were taken to hospital."},
    {"id": "t-3", "url": "https://news.example/bake-off", "source": "argus",
     "title": "Bakery wins prize", "published": "2019-08-16",
     "text": "A bakery in Hove has won a national prize for its sourdough bread."},
    {"id": "t-4", "url": "https://news.example/empty", "source": "argus", "title": "Empty",
     "published": None, "text": ""},
]


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor()


def _counts(db: Database) -> tuple[int, int, int]:
    with db.session() as session:
        return (
            session.scalar(select(func.count(Article.id))),
            session.scalar(select(func.count(Mention.id))),
            session.scalar(select(func.count(Incident.id))),
        )


def test_ingest_twice_changes_nothing(db: Database, extractor: Extractor, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    lines = [json.dumps(a) for a in ARTICLES] + ["{not json", json.dumps({"title": "no id", "text": "x"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    first = ingest_jsonl(db, path, extractor)
    assert (first.read, first.stored, len(first.bad)) == (4, 4, 2)
    assert first.bad[0][0] == f"{path}:5"
    assert first.extracted.read == 3 and first.extracted.relevant == 2
    assert [reason for _, reason in first.extracted.skipped] == ["article text is empty"]
    with db.session() as session:
        incident = session.scalars(select(Incident)).one()  # two outlets, one attack
        assert incident.outlet_count == 2 and incident.force == "Sussex Police"
        urls = {a.canonical_url for a in session.scalars(select(Article))}
        assert "urn:frontline:article:t-2" in urls
    before = _counts(db)

    second = ingest_jsonl(db, path, extractor)
    assert (second.stored, second.unchanged) == (0, 4)
    assert second.extracted.read == 0 and second.extracted.resolved.created == 0
    assert second.extracted.resolved.updated == 0 and second.extracted.resolved.removed == 0
    assert _counts(db) == before


class _CrashAfter:
    """The real extractor, interrupted after ``count`` articles: the process killed half-way."""

    def __init__(self, extractor: Extractor, count: int) -> None:
        self.extractor, self.count = extractor, count

    def extract_many(self, articles, batch_size: int = 32, processes: int = 1):  # type: ignore[no-untyped-def]
        for done, extraction in enumerate(self.extractor.extract_many(articles, batch_size), 1):
            yield extraction
            if done == self.count:
                raise KeyboardInterrupt("power cut")


def test_crash_half_way_loses_and_duplicates_nothing(
    db: Database, extractor: Extractor, tmp_path: Path
) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES[:3]) + "\n", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt, match="power cut"):
        ingest_jsonl(db, path, _CrashAfter(extractor, 1))
    with db.session() as session:
        statuses = sorted(a.status for a in session.scalars(select(Article)))
        assert statuses == ["extracted", "fetched", "fetched"]
    again = ingest_jsonl(db, path, extractor)
    assert again.stored == 0 and again.extracted.read == 2
    assert _counts(db) == (3, 2, 1)


class _ChokesOn:
    """The real extractor, except that any batch holding ``word`` raises, as a model bug would."""

    def __init__(self, extractor: Extractor, word: str) -> None:
        self.extractor, self.word = extractor, word

    def extract_many(self, articles, batch_size: int = 32, processes: int = 1):  # type: ignore[no-untyped-def]
        articles = list(articles)
        if any(self.word in article.text for article in articles):
            raise ValueError(f"model choked on {self.word!r}")
        yield from self.extractor.extract_many(articles, batch_size)


def test_one_failing_article_is_marked_and_the_rest_are_read(
    db: Database, extractor: Extractor, tmp_path: Path
) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES[:3]) + "\n", encoding="utf-8")
    report = ingest_jsonl(db, path, _ChokesOn(extractor, "sourdough"))
    assert report.extracted.read == 2
    [(label, reason)] = report.extracted.skipped
    assert "bake-off" in label and "model choked on 'sourdough'" in reason
    with db.session() as session:
        failed = session.scalars(select(Article).where(Article.status == "failed")).one()
        assert failed.external_id == "t-3" and failed.attempts == 1
    assert _counts(db) == (3, 2, 1)
    assert ingest_jsonl(db, path, extractor).extracted.read == 0  # a failed article waits for a fix


class _Overtaken:
    """The real extractor, slow enough that another worker extracts the same articles first."""

    def __init__(self, extractor: Extractor, db: Database) -> None:
        self.extractor, self.db = extractor, db

    def extract_many(self, articles, batch_size: int = 32, processes: int = 1):  # type: ignore[no-untyped-def]
        extractions = list(self.extractor.extract_many(articles, batch_size))
        extract_pending(self.db, self.extractor)  # the other worker, start to finish
        yield from extractions


def test_concurrent_runs_store_each_article_once(db: Database, extractor: Extractor, tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in ARTICLES[:3]) + "\n", encoding="utf-8")
    report = ingest_jsonl(db, path, _Overtaken(extractor, db))
    assert report.extracted.read == 0 and report.extracted.skipped == ()
    assert _counts(db) == (3, 2, 1)


def test_ingest_cli_stores_every_good_article_and_exits_3_on_bad_lines(tmp_path, monkeypatch) -> None:
    import json as _json

    from typer.testing import CliRunner

    from frontline.cli import app

    monkeypatch.setenv("FRONTLINE_DATABASE_URL", f"sqlite:///{tmp_path / 'kb.db'}")
    from frontline.settings import get_settings

    get_settings.cache_clear()
    runner = CliRunner()
    assert runner.invoke(app, ["db", "upgrade"]).exit_code == 0
    path = tmp_path / "in.jsonl"
    good = [_json.dumps({"id": f"a{i}", "title": "", "published": "2024-05-03",
                         "text": "Sun in Kent."}) for i in (1, 2)]
    path.write_bytes(b"\xef\xbb\xbf" + good[0].encode() + b"\n" + b'{"id": "b", "text": "\xe9"}\n'
                     + good[1].encode() + b"\n")
    result = runner.invoke(app, ["ingest", "--jsonl", str(path)])
    assert result.exit_code == 3, result.output
    assert "2 read" in result.stdout and "in.jsonl:2: not UTF-8" in result.stderr


@pytest.mark.postgres
@pytest.mark.skipif(not os.environ.get("FRONTLINE_TEST_POSTGRES_URL"), reason="needs PostgreSQL")
def test_two_ingests_of_one_file_at_once_both_succeed(tmp_path) -> None:
    """Two processes store the same articles at the same moment on PostgreSQL: both exit 0
    and every article is stored once."""
    import subprocess
    import sys

    from tests.conftest import POSTGRES_URL, _drop_postgres_database, _new_postgres_database

    base = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    url, name = _new_postgres_database(base)
    try:
        env = dict(os.environ, FRONTLINE_DATABASE_URL=url, FRONTLINE_DATA_DIR=str(tmp_path))
        code = "import frontline.cli; frontline.cli.main()"
        assert subprocess.run([sys.executable, "-c", code, "db", "upgrade"], env=env).returncode == 0
        path = tmp_path / "same.jsonl"
        path.write_text("".join(
            json.dumps({"id": f"s{i}", "title": "", "published": "2024-05-03",
                        "text": f"Sun and showers in Kent, day {i}."}) + "\n" for i in range(60)))
        runs = [subprocess.Popen([sys.executable, "-c", code, "ingest", "--jsonl", str(path)],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(2)]
        results = [run.communicate(timeout=300) for run in runs]
        assert [run.returncode for run in runs] == [0, 0], results
        from storage.database import Database
        db = Database(url, migrate=False)
        with db.session() as session:
            assert session.scalar(select(func.count()).select_from(Article)) == 60
        db.dispose()
    finally:
        _drop_postgres_database(base, name)

"""Load articles in the contract's input shape into the knowledge base, read and resolve them.

``ingest_jsonl`` is the batch entry point (``frontline ingest --jsonl FILE``): articles
are upserted under their URL (or ``urn:frontline:article:<id>``), the pending ones
extracted and the incidents resolved. Ingesting the same file twice changes nothing.

``resolve_articles`` serves ``frontline extract --resolve``: it resolves a batch of
extractions in a fresh temporary database and says which incident each mention joined.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from frontline.errors import InputError
from nlp.contract import read_articles_jsonl
from nlp.mentions import ArticleExtraction, ArticleInput
from storage.articles import ArticleRecord, upsert_article
from storage.database import Database
from storage.extraction import ArticleExtractor, ExtractReport, extract_pending
from storage.incidents import store_extraction
from storage.models import Article, Mention
from storage.resolution import resolve_incidents

logger = logging.getLogger(__name__)

URN_PREFIX = "urn:frontline:article:"


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did: lines read, articles stored or changed, unchanged, bad lines."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    bad: tuple[tuple[str, str], ...] = ()
    extracted: ExtractReport | None = None


def article_record(article: ArticleInput, *, use_url: bool = True) -> ArticleRecord:
    """The storage record of a contract input article.

    The canonical URL is the article's ``url`` or, when it has none (or ``use_url`` is
    false), ``urn:frontline:article:<id>``; the id is kept as ``external_id``.
    """
    url = (article.url or "").strip() if use_url else ""
    published = (
        dt.datetime.combine(article.published, dt.time(), tzinfo=dt.UTC) if article.published else None
    )
    return ArticleRecord(
        canonical_url=url or f"{URN_PREFIX}{article.id}",
        title=article.title,
        text=article.text,
        published=published,
        published_source="input" if published else None,
        outlet=article.source,
        external_id=article.id,
    )


def _store(db: Database, record: ArticleRecord) -> bool:
    """Upsert one article; when another writer stored the same URL between our look-up and
    our insert (two ingests of one file at once), read it again and go on."""
    for attempt in (1, 2):
        try:
            with db.session() as session:
                return upsert_article(session, record)[1]
        except IntegrityError:
            if attempt == 2:
                raise
            logger.info("%s was stored by another writer meanwhile; reading it again",
                        record.canonical_url)
    return False


def _skip_bad_line(bad: list[tuple[str, str]]) -> Callable[[str, InputError], None]:
    """A ``read_articles_jsonl`` callback that logs a bad line and records it in ``bad``."""

    def skip(where: str, error: InputError) -> None:
        bad.append((where, str(error)))
        logger.warning("skipped %s", error)

    return skip


def ingest_jsonl(
    db: Database,
    path: str | Path,
    extractor: ArticleExtractor,
    *,
    batch_size: int = 32,
    on_progress: Callable[[str, int, int], None] | None = None,
) -> IngestReport:
    """Upsert the articles of ``path``, extract the pending ones, resolve incidents.

    ``on_progress(stage, done, total)`` reports ``"store"`` then ``"extract"`` progress
    (``total`` is 0 while unknown).
    """
    path = Path(path)
    bad: list[tuple[str, str]] = []
    read = stored = unchanged = 0
    for article in read_articles_jsonl(path, on_bad_line=_skip_bad_line(bad)):
        changed = _store(db, article_record(article))
        read += 1
        stored += changed
        unchanged += not changed
        if on_progress is not None:
            on_progress("store", read, 0)
    logger.info("%s: %d article(s), %d stored, %d unchanged, %d bad line(s)", path, read, stored, unchanged, len(bad))
    extracted = extract_pending(
        db,
        extractor,
        batch_size=batch_size,
        on_progress=(lambda done, total: on_progress("extract", done, total)) if on_progress else None,
    )
    return IngestReport(read, stored, unchanged, tuple(bad), extracted)


def resolve_articles(
    articles: Sequence[ArticleInput], extractions: Sequence[ArticleExtraction]
) -> dict[str, list[int | None]]:
    """Resolve ``extractions`` of ``articles`` into incidents, in a fresh temporary database.

    Returns, per article id, the knowledge-base incident id of each of its incidents
    (in the extraction's order). Each input article is stored as its own row (keyed on
    its id), so two inputs sharing a URL stay two articles.
    """
    by_id = {extraction.article_id: extraction for extraction in extractions}
    with tempfile.TemporaryDirectory(prefix="frontline-resolve-") as folder:
        db = Database(f"sqlite:///{Path(folder) / 'kb.db'}")
        try:
            rows: dict[str, int] = {}
            with db.session() as session:
                for article in articles:
                    if article.id in rows:
                        continue
                    row, _ = upsert_article(session, article_record(article, use_url=False))
                    rows[article.id] = row.id
                for article_id, row_id in rows.items():
                    extraction = by_id.get(article_id)
                    if extraction is not None:
                        store_extraction(session, session.get_one(Article, row_id), extraction)
                resolve_incidents(session)
            with db.session() as session:
                found = {
                    (article_id, ordinal): incident_id
                    for article_id, ordinal, incident_id in session.execute(
                        select(Mention.article_id, Mention.ordinal, Mention.incident_id)
                    )
                }
        finally:
            db.dispose()
    result: dict[str, list[int | None]] = {}
    for article_id, row_id in rows.items():
        extraction = by_id.get(article_id)
        count = len(extraction.incidents) if extraction and extraction.relevant else 0
        result[article_id] = [found.get((row_id, ordinal)) for ordinal in range(count)]
    return result


def contract_with_incidents(
    articles: Sequence[ArticleInput], extractions: Sequence[ArticleExtraction], *, explain: bool = False
) -> list[dict[str, Any]]:
    """Contract output lines for ``extractions``, each incident with its ``incident_id``.

    The incidents are resolved across all the articles by :func:`resolve_articles`.
    """
    from nlp.contract import to_contract

    incident_ids = resolve_articles(articles, extractions)
    rows = []
    for extraction in extractions:
        row = to_contract(extraction, explain=explain)
        for incident, incident_id in zip(row["incidents"], incident_ids.get(extraction.article_id, []), strict=False):
            incident["incident_id"] = incident_id
        rows.append(row)
    return rows

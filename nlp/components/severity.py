"""``frontline_severity``: find words that report how badly someone was hurt.

Patterns come from ``nlp/data/severity.jsonl`` (label = contract severity). A
negation just before a serious word ("not thought to be life-threatening",
"not seriously hurt") demotes it to ``injured``. Writes ``doc.spans["frontline_severity"]``.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.datafiles import load_jsonl
from nlp.extensions import SPANS_SEVERITY

logger = logging.getLogger(__name__)

_NEGATIONS = {"not", "n't", "no", "never", "without"}


class SeverityFinder:
    """Match outcome words (died, critical, taken to hospital, unhurt) to severity levels."""

    def __init__(self, nlp: Language, name: str, patterns_file: str, negation_window: int) -> None:
        self.name = name
        self.window = negation_window
        self.matcher = Matcher(nlp.vocab)
        for row in load_jsonl(patterns_file, ("severity", "pattern")):
            self.matcher.add(row["severity"], [row["pattern"]])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            label = doc.vocab.strings[match_id]
            left = doc[max(start - self.window, doc[start].sent.start): start]
            if label in ("serious", "killed") and any(t.lower_ in _NEGATIONS for t in left):
                label = "injured"
            spans.append(Span(doc, start, end, label=label))
        doc.spans[SPANS_SEVERITY] = filter_spans(spans)
        return doc


@Language.factory(
    "frontline_severity",
    default_config={"patterns_file": "severity.jsonl", "negation_window": 4},
)
def make_severity_finder(
    nlp: Language, name: str, patterns_file: str, negation_window: int
) -> SeverityFinder:
    """Factory of :class:`SeverityFinder`."""
    return SeverityFinder(nlp, name, patterns_file, negation_window)

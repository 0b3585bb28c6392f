"""``frontline_forces``: find mentions of UK police forces ("Essex Police", "the Met", "GMP").

Writes ``doc.spans["frontline_forces"]``; each span's label and ``span._.force`` is the
official force name from ``nlp/data/forces.jsonl``.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp import gazetteer
from nlp.extensions import SPANS_FORCES

logger = logging.getLogger(__name__)


_AREA_SUFFIXES = ["police", "constabulary", "force", "force's", "officers", "officer", "pc",
                  "pcs", "constable", "constables", "sergeant", "detectives"]
_SHORT_NAMES = {"Met": "Metropolitan Police Service"}
"""Short names that mean a force only before a police word ("Met officers", "Met dog
handlers"), never alone (the verb "met")."""
_SHORT_SUFFIXES = [*_AREA_SUFFIXES, "dog", "handler", "handlers", "detective", "commander",
                   "spokesman", "spokeswoman", "spokesperson", "colleagues", "firearms"]
_NOT_AREAS = {"Metropolitan", "British Transport", "Civil Nuclear", "Ministry of Defence",
              "City of London"}


def _area(name: str) -> str | None:
    """The area part of a force's name ("Kent" of "Kent Police"), if it stands alone."""
    for suffix in (" Police Service", " Police", " Constabulary"):
        if name.endswith(suffix):
            area = name[: -len(suffix)]
            return None if area in _NOT_AREAS else area
    return None


class ForceFinder:
    """Match force names and aliases, case-sensitively (so "met" the verb is not "the Met")."""

    def __init__(self, nlp: Language, name: str, case_sensitive: bool = True) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH" if case_sensitive else "LOWER")
        for force in gazetteer.forces():
            variants = {force.name, *force.aliases}
            patterns = [nlp.make_doc(v) for v in sorted(variants)]
            self.matcher.add(force.name, patterns)

        # "Kent police said", "the Staffordshire force", "three Sussex officers"
        self.areas = Matcher(nlp.vocab)
        for force in gazetteer.forces():
            area = _area(force.name)
            if area is None:
                continue
            tokens = [{"ORTH": t.text} for t in nlp.make_doc(area)]
            self.areas.add(force.name, [tokens + [{"LOWER": {"IN": _AREA_SUFFIXES}}]])
        for short, force_name in _SHORT_NAMES.items():
            self.areas.add(force_name, [[{"ORTH": short}, {"LOWER": {"IN": _SHORT_SUFFIXES}}]])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            spans.append(Span(doc, start, end, label=match_id))
        for match_id, start, end in self.areas(doc):
            if end < len(doc) and doc[end].lower_ in ("station", "stations"):
                continue  # "Durham police station" is a place, not the force
            if doc[end - 1].lower_ not in ("police", "constabulary", "force", "force's"):
                end -= 1  # "Sussex officers": the force is "Sussex", the officers are people
            spans.append(Span(doc, start, end, label=match_id))
        spans = filter_spans(spans)
        for span in spans:
            span._.force = span.label_
        doc.spans[SPANS_FORCES] = spans
        return doc


@Language.factory("frontline_forces", default_config={"case_sensitive": True})
def make_force_finder(nlp: Language, name: str, case_sensitive: bool) -> ForceFinder:
    """Factory of :class:`ForceFinder`."""
    return ForceFinder(nlp, name, case_sensitive)

"""``frontline_abroad``: tell UK places from their namesakes abroad.

Reads the cue words of ``nlp/data/abroad.jsonl`` and the places ``frontline_places``
found, then:

* a place qualified by a foreign one ("Houston, Texas", "Hamilton, Ontario") or
  overlapping a foreign cue ("Victoria Police") is abroad: role and kind ``"foreign"``,
  no force;
* a place qualified by a UK county ("Richmond, North Yorkshire") takes that county's
  force;
* a UK name shared with a larger place abroad (``ambiguous_place``: Perth, Houston,
  Kingston...) keeps its UK force only when the article gives UK context somewhere
  (a UK force, a UK cue such as "Crown Court" or "PCSO", or another UK place). Without
  it the place is abroad when the article has foreign cues, else it keeps no force.

Writes ``doc.spans["frontline_abroad"]`` (cue spans labelled by kind) and updates the
``role``, ``kind`` and ``force`` of the place spans.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from frontline.errors import ConfigError
from nlp.datafiles import load_jsonl
from nlp.extensions import SPANS_ABROAD, SPANS_FORCES, SPANS_PLACES

logger = logging.getLogger(__name__)

CUE_KINDS = ("foreign_police", "foreign_region", "foreign_said", "uk_cue")
"""Kinds of cue spans; ``ambiguous_place`` rows name places instead."""
FOREIGN_KINDS = frozenset({"foreign_police", "foreign_region", "foreign_said"})
STRONG_FOREIGN_KINDS = frozenset({"foreign_police", "foreign_region"})
"""Cues that alone place the sentence they are in abroad (not "authorities said")."""


_NAMED_KINDS = frozenset({"street", "venue"})


def _mark_foreign(place: Span) -> None:
    place._.role = "foreign"
    place._.kind = "foreign"
    place._.force = None


def split_terms(rows: Iterable[dict], source: str) -> tuple[dict[str, list[str]], set[str]]:
    """Cue terms by kind, and the ambiguous place names, from the rows of ``source``;
    a row of unknown kind raises :class:`ConfigError` naming the file and row id."""
    cues: dict[str, list[str]] = {}
    ambiguous: set[str] = set()
    for row in rows:
        kind = row["kind"]
        if kind == "ambiguous_place":
            ambiguous |= set(row["terms"])
        elif kind in CUE_KINDS:
            cues.setdefault(kind, []).extend(row["terms"])
        else:
            raise ConfigError(
                f"{source}: {row['id']}: unknown kind {kind!r}, "
                f"expected one of {', '.join((*CUE_KINDS, 'ambiguous_place'))}"
            )
    return cues, ambiguous


class AbroadJudge:
    """Match abroad/UK cue words and settle which places are in the UK."""

    def __init__(self, nlp: Language, name: str, terms_file: str) -> None:
        self.name = name
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        cues, self.ambiguous = split_terms(load_jsonl(terms_file, ("kind", "terms")),
                                           f"nlp/data/{terms_file}")
        for kind, terms in cues.items():
            self.matcher.add(kind, [nlp.make_doc(t) for t in terms])

    def __call__(self, doc: Doc) -> Doc:
        cues = self.match(doc)
        self.set_annotations(doc, cues)
        return doc

    def match(self, doc: Doc) -> list[Span]:
        """Cue spans, labelled with their kind (longest match wins), except those inside a
        street or venue name ("Ontario Street", "Queens Road" are British streets)."""
        named = {i for p in doc.spans.get(SPANS_PLACES, []) if p._.kind in _NAMED_KINDS
                 for i in range(p.start, p.end)}
        spans = [Span(doc, s, e, label=m) for m, s, e in self.matcher(doc)
                 if not named & set(range(s, e))]
        return filter_spans(spans)

    def qualify(self, doc: Doc, places: list[Span], cues: list[Span]) -> set[int]:
        """Apply "X, Qualifier" and foreign-cue overlaps; return the starts of places a
        UK qualifier pinned down."""
        foreign_tokens = {i for c in cues if c.label_ in STRONG_FOREIGN_KINDS
                          for i in range(c.start, c.end)}
        by_start = {p.start: p for p in places}
        cue_starts = {c.start: c for c in cues}
        pinned: set[int] = set()
        for place in places:
            if place._.role == "foreign":
                continue
            if foreign_tokens & set(range(place.start, place.end)):
                _mark_foreign(place)
                continue
            if place.end + 1 >= len(doc) or doc[place.end].text != ",":
                continue
            after = by_start.get(place.end + 1)
            cue = cue_starts.get(place.end + 1)
            if (after is not None and after._.role == "foreign") or (
                    cue is not None and cue.label_ in STRONG_FOREIGN_KINDS):
                _mark_foreign(place)
            elif after is not None and after._.force and after._.kind in (
                    "county", "region", "country"):
                if after._.kind == "county":
                    place._.force = after._.force
                pinned.add(place.start)
        return pinned

    def uk_context(self, doc: Doc, places: list[Span], cues: list[Span]) -> bool:
        """Does the article say anywhere that it is about the UK?"""
        if doc.spans.get(SPANS_FORCES) or any(c.label_ == "uk_cue" for c in cues):
            return True
        return any(p._.force and p._.role != "foreign" and p.text not in self.ambiguous
                   for p in places)

    def set_annotations(self, doc: Doc, cues: list[Span]) -> None:
        """Store the cues and settle the places namesakes abroad share."""
        doc.spans[SPANS_ABROAD] = cues
        places = list(doc.spans.get(SPANS_PLACES, []))
        pinned = self.qualify(doc, places, cues)
        if self.uk_context(doc, places, cues):
            return
        foreign = any(c.label_ in FOREIGN_KINDS for c in cues) or any(
            p._.role == "foreign" for p in places)
        for place in places:
            if place.text in self.ambiguous and place.start not in pinned \
                    and place._.role != "foreign":
                if foreign:
                    _mark_foreign(place)
                else:
                    place._.force = None
                logger.debug("namesake %r without UK context (foreign cues: %s)",
                             place.text, foreign)


@Language.factory(
    "frontline_abroad",
    assigns=["doc.spans"],
    default_config={"terms_file": "abroad.jsonl"},
)
def make_abroad_judge(nlp: Language, name: str, terms_file: str) -> AbroadJudge:
    """Factory of :class:`AbroadJudge`."""
    return AbroadJudge(nlp, name, terms_file)

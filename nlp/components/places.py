"""``frontline_places``: find UK places: gazetteer names, streets, stations and venues.

Writes ``doc.spans["frontline_places"]``. Each span has ``span._.kind`` (street,
venue, district, town, city, county, region...), ``span._.force`` (the force area,
when the gazetteer knows it) and ``span._.role``: ``"institution"`` for the hospital or
court a place is named with, ``"residence"`` for "a man from X", else ``"scene"``.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp import gazetteer
from nlp.extensions import SPANS_FORCES, SPANS_PLACES

logger = logging.getLogger(__name__)

STREET_WORDS = [
    "Road", "Street", "Lane", "Avenue", "Way", "Close", "Drive", "Gardens", "Place", "Crescent",
    "Terrace", "Square", "Row", "Grove", "Walk", "Parade", "Rd", "St", "Hill", "Broadway",
    "Mews", "Green", "Circus", "Estate", "Park", "Plain", "Quay", "Wharf",
]
VENUE_WORDS = [
    "station", "Station", "Cemetery", "cemetery", "Airport", "Market", "Centre", "car", "Stadium",
    "Arena", "Hotel", "Inn", "Express", "estate", "Retail", "Shopping", "Terminal",
]
_PLACE_PREPS = {"in", "at", "near", "across", "around", "outside", "into", "towards", "on", "to"}
_INSTITUTION_WORDS = {
    "hospital", "infirmary", "court", "courts", "prison", "jail", "headquarters", "hq",
    "crown", "magistrates", "bailey", "mortuary", "university",
}
_RESIDENCE_CUES = {"from", "of"}
_PERSON_TITLES = {"mr", "mrs", "ms", "miss", "dr", "pc", "sgt", "sergeant", "constable", "lord",
                  "sir", "judge", "inspector", "superintendent", "chief"}
_CONTEST_WORDS = {"defeat", "win", "victory", "draw", "loss", "lose", "beat", "game", "match",
                  "clash", "tie"}
_RESIDENT_NOUNS = {"man", "woman", "men", "women", "teenager", "teen", "boy", "girl", "youth",
                   "father", "mother", "dad", "mum", "pensioner", "resident", "student", "thug",
                   "yob", "couple", "pair", "brothers"}
"""People a place names as home when it modifies them ("a Bolton teenager")."""


_MONTHS = {"March", "May", "August", "June", "July"}
"""Months that are also UK place names (March in Cambridgeshire)."""
_MONTH_NEIGHBOURS = {"last", "this", "next", "when", "after", "before", "and", "or", "to",
                     "until", "while", "as"}


def _used_as_month(doc: Doc, span: Span) -> bool:
    """Is the place name a month here ("on 3 March", "in March last year", "in March 2021")?"""
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and (prev.like_num or prev.lower_ in (
            "early", "late", "mid", "since", "until", "by", "of", "last", "next", "this")):
        return True
    return nxt is None or nxt.like_num or nxt.lower_ in _MONTH_NEIGHBOURS or nxt.is_punct and (
        nxt.text != "," or span.end + 1 >= len(doc) or doc[span.end + 1].is_lower)


_ORGANISATIONS = {"federation", "association", "council", "college", "bank", "church", "union",
                  "board", "trust", "university", "society", "commission", "commissioner",
                  "office", "service", "institute", "chamber", "league", "club"}


def _named_with_age(doc: Doc, of: int) -> bool:
    """Does the "of" at ``of`` follow a person named as court reports name them ("Butler,
    of St Peter's Street", "Wayne Hughes, aged 32, of Lysander Drive", "Daniel Fox, 32,
    of ...")? Then the place is where they live."""
    i = of - 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i >= 0 and doc[i].like_num:  # "32," or "aged 32,"
        i -= 1
        if i >= 0 and doc[i].lower_ == "aged":
            i -= 1
        if i >= 0 and doc[i].text == ",":
            i -= 1
    return i >= 0 and doc[i].pos_ == "PROPN" and doc[i].is_title and doc[i].lower_ not in (
        _PERSON_TITLES)


def _in_organisation_name(doc: Doc, span: Span) -> bool:
    """Is ``span`` the place in an organisation's name ("Police Federation of England and
    Wales", "Bank of Scotland", "University of Kent")?"""
    i = span.start - 1
    while i >= max(span.start - 5, 0) and (doc[i].is_title or doc[i].lower_ in ("and", "&")):
        i -= 1  # "of England and | Wales": back over the other places of the name
    return i >= 1 and doc[i].lower_ == "of" and doc[i - 1].lower_ in _ORGANISATIONS


def _inside_a_name(doc: Doc, span: Span) -> bool:
    """Is ``span`` one word of a longer capitalised name ("the Royal Victoria Infirmary",
    "Jordan Street", "Chad Smith")?"""
    prev = doc[span.start - 1] if span.start > 0 else None
    nxt = doc[span.end] if span.end < len(doc) else None
    return bool(prev is not None and prev.is_title and not prev.is_sent_start
                or nxt is not None and nxt.is_title and not nxt.is_punct)


_WIDE_KINDS = {"county", "region", "nation"}


def _qualified_by_county(doc: Doc, spans: list[Span]) -> None:
    """A place followed by its county ("Blackburn, Aberdeenshire", "Newport, Shropshire")
    takes the county's force: the town of that name there, not the better-known one."""
    for place, after in zip(spans, spans[1:], strict=False):
        between = doc[place.end:after.start].text.strip()
        if between not in (",", "in") or after._.kind not in _WIDE_KINDS or not after._.force:
            continue
        if place._.kind in _WIDE_KINDS or place._.force == after._.force:
            continue
        place._.force = after._.force


class PlaceFinder:
    """Gazetteer phrase matching plus token patterns for streets, stations and venues."""

    def __init__(self, nlp: Language, name: str, min_street_len: int) -> None:
        self.name = name
        self.min_street_len = min_street_len
        self.phrases = PhraseMatcher(nlp.vocab, attr="ORTH")
        names: dict[str, str] = {}
        for place in gazetteer.all_places():
            names[place.name] = place.name
            if place.name[:1].islower():  # "east London" also as "East London"
                names[place.name[:1].upper() + place.name[1:]] = place.name
        self.phrases.add("PLACE", [nlp.make_doc(n) for n in sorted(names)])
        self.area_matcher = Matcher(nlp.vocab)
        self.area_matcher.add("AREA", [[
            {"LOWER": "the"}, {"IS_TITLE": True, "POS": "PROPN", "OP": "+"}, {"LOWER": "area"}
        ]])
        self.foreign = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.foreign.add("FOREIGN", [nlp.make_doc(n) for n in gazetteer.foreign_names()])
        self.patterns = Matcher(nlp.vocab)
        propn = {"IS_TITLE": True, "IS_SENT_START": False}
        self.patterns.add(
            "street",
            [
                [propn, {"IS_TITLE": True, "OP": "*"}, {"ORTH": {"IN": STREET_WORDS}}],
                [propn, {"IS_TITLE": True, "OP": "?"}, {"ORTH": {"IN": ["'s", "’s"]}},
                 {"ORTH": {"IN": STREET_WORDS}}],  # "St Peter's Street"
                [{"IS_TITLE": True}, {"ORTH": "High"}, {"ORTH": {"IN": ["Street", "Road"]}}],
                [{"TEXT": {"REGEX": r"^[AM][0-9]{1,4}(\([M]\))?$"}}],
            ],
        )
        self.patterns.add(
            "venue",
            [
                [{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "*"}, {"ORTH": {"IN": VENUE_WORDS}},
                 {"ORTH": {"IN": ["park", "Park", "Road", "Express", "Centre"]}, "OP": "?"},
                 {"TEXT": {"REGEX": r"^[0-9]$"}, "OP": "?"}],
                [{"ORTH": "Terminal"}, {"LIKE_NUM": True}],
                [{"IS_TITLE": True}, {"IS_TITLE": True, "OP": "?"}, {"LOWER": "police"},
                 {"LOWER": "station"}],
                [{"IS_TITLE": True}, {"ORTH": {"IN": ["'s", "’s"]}}, {"LOWER": "car"},
                 {"LOWER": "park"}],
                [{"IS_TITLE": True, "OP": "+"}, {"LOWER": {"IN": ["city", "town"]}},
                 {"LOWER": "centre"}],
            ],
        )

    def _areas(self, doc: Doc) -> list[Span]:
        """"the Govan area of Glasgow", "the Parkside area": a district named as an area."""
        out = []
        for _, start, end in self.area_matcher(doc):
            span = Span(doc, start + 1, end - 1, label="district")
            if span.text and not any(t.is_sent_start for t in span):
                out.append(span)
        return out

    def _role(self, doc: Doc, span: Span, earlier: list[Span]) -> str:
        left = doc[max(span.start - 5, span.sent.start): span.start]
        right = doc[span.end: min(span.end + 3, span.sent.end)]
        words = {t.lower_ for t in left} | {t.lower_ for t in right[:2]}
        if words & _INSTITUTION_WORDS or {t.lower_ for t in span} & _INSTITUTION_WORDS:
            return "institution"
        if _in_organisation_name(doc, span):
            return "institution"  # "the Police Federation of England and Wales"
        before = [s for s in earlier if 0 <= span.start - s.end <= 2]
        if before and before[-1]._.role == "residence" and doc[span.start - 1].lower_ in (
                "in", ","):
            return "residence"  # "from Rugby in Warwickshire"
        if right and right[0].lower_ in _RESIDENT_NOUNS:
            return "residence"  # "A Manchester man who ...": where he lives, not the scene
        prep = span.root.head
        if span.root.dep_ == "pobj" and prep.lower_ in ("by", "against", "over", "to") and \
                prep.head.lemma_.lower() in _CONTEST_WORDS:
            return "institution"  # "a 3-0 defeat by Sunderland": the club, not the place
        if span.start > 0 and doc[span.start - 1].lower_ in _RESIDENCE_CUES:
            prev = doc[span.start - 2] if span.start > 1 else None
            if doc[span.start - 1].lower_ == "from" or _named_with_age(doc, span.start - 1) or (
                    prev is not None and prev.lower_ in {
                "area", "man", "woman", "boy", "girl"
            }):
                return "residence"
        return "scene"

    def _plausible(self, doc: Doc, span: Span) -> bool:
        prev = doc[span.start - 1] if span.start > 0 else None
        nxt = doc[span.end] if span.end < len(doc) else None
        if prev is not None and prev.lower_.rstrip(".") in _PERSON_TITLES:
            return False
        compass = {"north", "south", "east", "west", "central", "greater", "royal", "inner"}
        if (prev is not None and prev.is_title and prev.pos_ == "PROPN" and not prev.is_sent_start
                and prev.lower_ not in compass):
            return False  # "Adrian Dunbar", "Alton" in "Alton Sterling" below
        if (nxt is not None and nxt.is_title and nxt.pos_ == "PROPN"
                and nxt.text not in STREET_WORDS + VENUE_WORDS
                and nxt.lower_ not in _INSTITUTION_WORDS | {"royal", "county", "general"}):
            return False
        text = span.text
        if text in _MONTHS and _used_as_month(doc, span):
            return False  # "in March last year"
        if text in gazetteer.AMBIGUOUS_NAMES:
            if prev is None or prev.lower_ not in _PLACE_PREPS | _RESIDENCE_CUES:
                return False
            if nxt is not None and nxt.is_title and nxt.pos_ == "PROPN":
                return False
        return True

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for _, start, end in self.phrases(doc):
            span = Span(doc, start, end, label="place")
            if self._plausible(doc, span):
                spans.append(span)
        for match_id, start, end in self.patterns(doc):
            label = doc.vocab.strings[match_id]
            span = Span(doc, start, end, label=label)
            if label == "street" and len(span) < self.min_street_len and span.text[:1] not in "AM":
                continue
            if span[0].lower_ in {"the", "a", "police", "officers", "pc", "sgt"}:
                continue
            if label == "venue" and span[-1].lower_ == "car":
                continue  # "Patrol car", "Police car": a vehicle, not a car park
            spans.append(span)
        spans += self._areas(doc)
        for _, start, end in self.foreign(doc):
            span = Span(doc, start, end, label="foreign")
            if not _inside_a_name(doc, span):  # not "Royal Victoria Infirmary"
                spans.append(span)
        force_tokens = {i for s in doc.spans.get(SPANS_FORCES, []) for i in range(s.start, s.end)}
        spans = [s for s in filter_spans(spans) if not (set(range(s.start, s.end)) & force_tokens)]
        for span in spans:
            place = gazetteer.lookup(span.text) if span.label_ != "foreign" else None
            if place is None and span.label_ == "venue":
                # "Liverpool city centre", "Ilford station": the town they are in
                for cut in range(len(span) - 1, 0, -1):
                    place = gazetteer.lookup(span[:cut].text)
                    if place is not None:
                        place = gazetteer.Place(span.text, place.force, place.latitude,
                                                place.longitude, span.label_)
                        break
            if span.label_ == "foreign":
                span._.kind = "foreign"
                span._.role = "foreign"
                continue
            if place is not None:
                span._.kind = place.kind
                span._.force = place.force
            else:
                span._.kind = span.label_ if span.label_ != "place" else "town"
            span._.role = self._role(doc, span, spans[: spans.index(span)])
        _qualified_by_county(doc, spans)
        doc.spans[SPANS_PLACES] = spans
        return doc


@Language.factory("frontline_places", default_config={"min_street_len": 2})
def make_place_finder(nlp: Language, name: str, min_street_len: int) -> PlaceFinder:
    """Factory of :class:`PlaceFinder`."""
    return PlaceFinder(nlp, name, min_street_len)

"""Which force an incident falls to.

In order: a force named by the attack's own sentence (nearest its attack word); British
Transport Police for a station or train scene when the article names it; the force area
of the incident's place, outvoted by the places around the attack; a territorial force
of the places before it; a force named before it; the force the article names most; the
force area the article's places point to most.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Span

from nlp import gazetteer
from nlp.extensions import SPANS_FORCES, SPANS_PLACES
from nlp.incidents.reading import Group, Reading, group_places, scene_places, spans_in
from nlp.lexicon import terms

TRANSPORT = "British Transport Police"


def read_force(reading: Reading, group: Group, place: Span | None
               ) -> tuple[str | None, Span | None]:
    """The force of ``group`` whose place is ``place``, and the sentence it was read from."""
    doc = reading.doc
    for sent in group.sents:
        if sent.start_char < doc._.title_end:
            continue
        forces = [f for f in spans_in(doc, SPANS_FORCES, sent)
                  if reading.nearest_is(group, sent, f.root.i)]
        if forces:
            return forces[0]._.force, sent
    named = {f._.force for f in doc.spans[SPANS_FORCES]}
    if place is not None and (_railway(place) or named == {TRANSPORT}):
        transport = [f for f in doc.spans[SPANS_FORCES] if f._.force == TRANSPORT]
        if transport:  # a station scene, or a story that names no force but the BTP
            return TRANSPORT, transport[0].sent
    if place is not None and place._.force:
        voted = _vote(reading, group)
        if voted and voted != place._.force:
            return voted, place.sent  # "Ely" in a Cardiff story
        return place._.force, place.sent
    for sent in group.sents + group.leads + group.before:
        for p in scene_places(doc, sent):
            if p._.force and p._.force in gazetteer.territorial_forces():
                return p._.force, sent
    for sent in group.leads + group.before:
        forces = spans_in(doc, SPANS_FORCES, sent)
        if forces:
            return forces[0]._.force, sent
    return _most_named(reading)


def _vote(reading: Reading, group: Group) -> str | None:
    """The force most places of the group's attacks (and the sentences leading to them, and
    the headline when the article tells one incident) point to; on a tie, the force of the
    place named first: "in Cardiff ... in Ely" is Cardiff's Ely."""
    doc = reading.doc
    alone = len(reading.groups) == 1
    title = [s for s in doc.sents if s.start_char < doc._.title_end] if alone else []
    sents = sorted(set(group.leads + title), key=lambda s: s.start)
    places = sorted([p for p in group_places(doc, group) if p._.force]
                    + [p for s in sents for p in scene_places(doc, s) if p._.force],
                    key=lambda p: p.start)
    if not places:
        return None
    counts = Counter(p._.force for p in places)
    top = max(counts.values())
    return next(p._.force for p in places if counts[p._.force] == top)


def _most_named(reading: Reading) -> tuple[str | None, Span | None]:
    """The force the article names most, else the force area its places point to most."""
    doc = reading.doc
    counts = Counter(f._.force for f in doc.spans[SPANS_FORCES])
    if counts:
        name = counts.most_common(1)[0][0]
        first = next(f for f in doc.spans[SPANS_FORCES] if f._.force == name)
        return name, first.sent
    places = [p for p in doc.spans[SPANS_PLACES]
              if p._.force and p._.role in ("scene", "institution")]
    counts = Counter(p._.force for p in places)
    if counts:
        name = counts.most_common(1)[0][0]
        return name, next(p for p in places if p._.force == name).sent
    return None, None


def _railway(place: Span) -> bool:
    """A station or train scene: British Transport Police's ground."""
    words = {t.lower_ for t in place} | {t.lower_ for t in place.doc[
        max(place.start - 3, place.sent.start):place.end + 2]}
    return bool(words & terms("railway_cue"))

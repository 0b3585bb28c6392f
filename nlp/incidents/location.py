"""Where an incident happened: the most specific scene place, and where to map it.

The place is one of the incident's own attacks' scene places (street or venue before
district before town before county; nearest its attack word on a tie), sharpened by a
finer place of the same force named in the headline or, for a county or region, in the
sentences that go on telling the attack; else a scene place of the sentences around it.
Never a hospital or court; where a suspect is "from" only when no scene is named at all.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from nlp import gazetteer
from nlp.extensions import SPANS_PLACES
from nlp.incidents.reading import (
    Group,
    court,
    group_places,
    place_tokens,
    scene_places,
    spans_in,
)
from nlp.lexicon import terms
from nlp.mentions import place_rank


def read_location(doc: Doc, group: Group) -> Span | None:
    """The place of ``group``'s attack (see the module docstring), or None."""
    triggers = [a.trigger.i for a in group.body]

    def distance(p: Span) -> int:
        near = [abs(p.start - t) for t in triggers if doc[t].sent == p.sent]
        return min(near) if near else 10_000 + abs(p.start - (triggers or [0])[0])

    def best(places: list[Span]) -> Span:
        return min(places, key=lambda p: (place_rank(p._.kind), distance(p)))

    own = group_places(doc, group)
    if own:
        return _sharpened(doc, group, best(own))
    for sents in (group.leads, group.before, group.context, group.sents):
        places = [p for s in sents for p in scene_places(doc, s)
                  if not court(s) or _of_the_attack(p)]
        if places:
            return _sharpened(doc, group, best(places))
    return _home_town(doc, group)


def _home_town(doc: Doc, group: Group) -> Span | None:
    """With no scene named, the town or district the attacker is said to be from in the
    incident's sentences or those before it ("A Basingstoke man who bit a constable ..."): local reports
    name the attacker's home when the arrest was there. Never a street (a home address)."""
    homes = [p for s in group.sents + group.leads + group.before
             for p in spans_in(doc, SPANS_PLACES, s)
             if p._.role == "residence" and p._.force and place_rank(p._.kind) >= 1]
    return homes[0] if homes else None


def _of_the_attack(place: Span) -> bool:
    """Does ``place`` say where "the attack" or "the incident" was, even in a sentence about
    court ("jailed after the attack in New Road, Feering")?"""
    nouns = terms("event_noun") | terms("attack_noun")
    head = place.root.head
    for _ in range(3):
        if head.lemma_.lower() in nouns and head.pos_ == "NOUN":
            return True
        if head.dep_ not in ("prep", "pobj", "appos", "conj") or head.head is head:
            return False
        head = head.head
    return False


def _sharpened(doc: Doc, group: Group, choice: Span) -> Span:
    """A finer place of the same force for ``choice``: from the headline, or, for a county
    or region, from the sentences telling the attack ("dragged behind a car in Berkshire
    ... near Sulhamstead"); never a wider one ("London" for "east London")."""
    rank = place_rank(choice._.kind)
    titled = [p for a in group.attacks if a.in_title for p in scene_places(doc, a.sent)]
    sharper = [p for p in titled if place_rank(p._.kind) < rank
               and (p._.force is None or p._.force == choice._.force)]
    if sharper:
        return sharper[0]
    if rank < 3:
        return choice
    finer = [p for s in group.leads + group.context if not court(s)
             for p in scene_places(doc, s)
             if place_rank(p._.kind) < 3 and p._.force == choice._.force
             and not place_tokens(p.text) <= place_tokens(choice.text)]
    return min(finer, key=lambda p: (place_rank(p._.kind), p.start)) if finer else choice


def location_text(doc: Doc, place: Span) -> str:
    """A street or district named with its town ("Addison Road, Tunbridge Wells", "Govan
    area of Glasgow") keeps both, as written."""
    if place_rank(place._.kind) <= 1:
        following = [p for p in doc.spans[SPANS_PLACES] if p.start > place.end
                     and p.start <= place.end + 3 and p.sent == place.sent]
        if following:
            nxt = following[0]
            between = doc[place.end:nxt.start].text.strip()
            if between in (",", "in", "", "area of", ", in"):
                return doc[place.start:nxt.end].text
    return place.text


def coordinates(doc: Doc, place: Span | None, anchor: Span, force: str | None
                ) -> tuple[float | None, float | None]:
    """Where to put the incident on a map: the place itself when the gazetteer knows it,
    else the known UK place named nearest to it, one of the incident's force first
    ("Murray Street" is mapped at the Hartlepool the article names; "Ilford station", a
    British Transport Police incident, at Ilford), else nowhere."""
    if place is not None and (known := gazetteer.lookup(place.text)):
        return known.latitude, known.longitude
    if force is None:
        return None, None
    origin = place.start if place is not None else anchor.start
    candidates = []
    for other in doc.spans.get(SPANS_PLACES, []):
        if other._.role == "foreign" or not other._.force:
            continue
        known = gazetteer.lookup(other.text)
        if known is not None and known.force:
            candidates.append((known.force != force, abs(other.start - origin), other.start, known))
    if not candidates:
        return None, None
    known = min(candidates, key=lambda c: c[:3])[3]
    return known.latitude, known.longitude

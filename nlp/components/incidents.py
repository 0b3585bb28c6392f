"""``frontline_incidents``: group attack statements into incidents and fill their fields.

Grouping is :mod:`nlp.incidents.grouping`; each field has its reader in
:mod:`nlp.incidents` (force, location, weapons, dates, officers, severity), reading the
incident's own sentences first, then the sentence setting the scene of each attack
(``leads``), the sentences before it (``before``, nearest first) and after it
(``context``). An incident with no UK place whose sentences (or the article's opening)
name a place or police force abroad is dropped (see ``frontline_abroad``), and so is one
with no force and no UK place (a street of an unknown town) when ``require_uk_anchor`` is
set and nothing in the article is British (a Crown Court, "assaulting an emergency
worker").

Writes ``doc._.incidents`` (list of :class:`nlp.mentions.IncidentMention`) and sets
``doc._.relevant`` to whether there is any.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import gazetteer
from nlp.components.abroad import STRONG_FOREIGN_KINDS
from nlp.extensions import SPANS_ABROAD, SPANS_FORCES, SPANS_PLACES
from nlp.incidents.dates import read_date
from nlp.incidents.force import read_force
from nlp.incidents.grouping import read_groups
from nlp.incidents.location import coordinates, location_text, read_location
from nlp.incidents.officers import read_officers
from nlp.incidents.reading import Group, Reading, evidence, spans_in
from nlp.incidents.severity import read_severity
from nlp.incidents.weapons import read_weapons
from nlp.mentions import IncidentMention

logger = logging.getLogger(__name__)


class IncidentBuilder:
    """Assemble :class:`IncidentMention` objects from the other components' output."""

    def __init__(self, name: str, require_uk_anchor: bool, max_repeat: int) -> None:
        self.name = name
        self.require_uk_anchor = require_uk_anchor
        self.max_repeat = max_repeat

    def __call__(self, doc: Doc) -> Doc:
        incidents = self.build(doc)
        doc._.incidents = incidents
        doc._.relevant = bool(incidents)
        return doc

    def build(self, doc: Doc) -> list[IncidentMention]:
        """The incidents ``doc`` reports, in the order it tells them."""
        attacks = [a for a in (doc._.attacks or []) if a.specific]
        if not any(not a.in_title and a.rule != "injury" for a in attacks):
            return []  # a headline, or "an officer suffered injuries", is too loose alone
        reading = read_groups(doc, attacks, self.max_repeat)
        incidents = [self.incident(reading, group) for group in reading.groups]
        return _merge_same_place([i for i in incidents if i is not None])

    def incident(self, reading: Reading, group: Group) -> IncidentMention | None:
        """One group's incident, every field with its evidence; None when it is abroad or
        (with ``require_uk_anchor``) has neither force nor place."""
        doc = reading.doc
        place = read_location(doc, group)
        if (place is None or not place._.force) and _abroad(doc, group):
            return None  # gardaí in "Dublin city centre": no UK place, foreign police named
        if not doc.spans.get(SPANS_FORCES) and _foreign_police(doc, group):
            return None  # "Shankill garda station": the Dublin namesake, no UK force named
        force, force_sent = read_force(reading, group, place)
        if self.require_uk_anchor and force is None and not _uk_anchor(doc, group, place):
            return None  # "Rewi St", "Olive Street": a street of no known UK town
        weapons, weapon_sent, weapon_rules = read_weapons(reading, group)
        date, dated = read_date(reading, group)
        severity, outcome = read_severity(reading, group, weapons)
        first = group.sents[0]
        rule = group.body[0].rule if group.body else group.attacks[0].rule
        found = {
            "summary": (first, rule),
            "force": (force_sent, ""),
            "location": (place.sent, place._.kind or "") if place is not None else (None, ""),
            "weapons": (weapon_sent, weapon_rules),
            "date": (dated.sent, dated.label_) if dated is not None else (None, ""),
            "severity": (outcome.sent, outcome.id_) if outcome is not None else (None, ""),
            "officers": (first, ""),
        }
        latitude, longitude = coordinates(doc, place, first, force)
        return IncidentMention(
            force=force,
            location=location_text(doc, place) if place is not None else None,
            weapons=weapons,
            date=date,
            officers=read_officers(group),
            severity=severity,
            latitude=latitude,
            longitude=longitude,
            summary=first.text.strip(),
            evidence={key: evidence(sent, rule) for key, (sent, rule) in found.items()
                      if sent is not None},
        )


def _uk_anchor(doc: Doc, group: Group, place: Span | None) -> bool:
    """Is there anything British about an incident with no force: a UK place the gazetteer
    knows in its sentences (even a namesake, Kingston or Perth), or a British cue in the
    article (a Crown Court, "assaulting an emergency worker")?"""
    if place is not None and place._.force:
        return True
    if place is not None and _town_after(doc, place):
        return True  # "Ontario Street, Perth": a UK namesake town follows the street
    sents = group.sents + group.leads
    if any(p._.role == "scene" and gazetteer.lookup(p.text) is not None
           for s in sents for p in spans_in(doc, SPANS_PLACES, s)):
        return True
    return any(c.label_ == "uk_cue" for c in doc.spans.get(SPANS_ABROAD, []))


def _town_after(doc: Doc, place: Span) -> bool:
    """Is ``place`` followed by the name of a place the UK gazetteer knows ("Queens Road,
    Hastings", "Ontario Street in Perth")?"""
    i = place.end
    if i < len(doc) and doc[i].lower_ in (",", "in"):
        i += 1
    name: list[str] = []
    while i < len(doc) and doc[i].is_title and len(name) < 3:
        name.append(doc[i].text)
        i += 1
    return bool(name) and gazetteer.lookup(" ".join(name)) is not None


def _abroad(doc: Doc, group: Group) -> bool:
    """The attack sentences, or the article's opening, name a place outside the UK or a
    police force abroad (NYPD, gendarmes; see ``frontline_abroad``) and no UK force."""
    opening = list(doc.sents)[:2]
    for sent in group.sents + opening:
        foreign = any(p._.role == "foreign" for p in spans_in(doc, SPANS_PLACES, sent)) or any(
            c.label_ in STRONG_FOREIGN_KINDS for c in spans_in(doc, SPANS_ABROAD, sent))
        if foreign and not spans_in(doc, SPANS_FORCES, sent):
            return True
    return False


def _foreign_police(doc: Doc, group: Group) -> bool:
    """Do the attack sentences, or the article's opening, name a police force abroad
    (gardaí, NYPD)? With no UK force named anywhere, that outweighs a UK namesake place."""
    opening = list(doc.sents)[:2]
    return any(c.label_ == "foreign_police"
               for sent in group.sents + opening for c in spans_in(doc, SPANS_ABROAD, sent))


def _merge_same_place(incidents: list[IncidentMention]) -> list[IncidentMention]:
    """Two incidents told in different words with the same place, force and date are one."""
    out: list[IncidentMention] = []
    for inc in incidents:
        twin = next((o for o in out if inc.location and o.location == inc.location
                     and o.force == inc.force and o.date == inc.date
                     and o.summary != inc.summary), None)
        if twin is None:
            out.append(inc)
    return out


@Language.factory(
    "frontline_incidents", default_config={"require_uk_anchor": True, "max_repeat": 4}
)
def make_incident_builder(
    nlp: Language, name: str, require_uk_anchor: bool, max_repeat: int
) -> IncidentBuilder:
    """Factory of :class:`IncidentBuilder`.

    ``require_uk_anchor``: drop incidents with neither force nor place; ``max_repeat``:
    at most this many incidents for "N separate attacks".
    """
    return IncidentBuilder(name, require_uk_anchor, max_repeat)

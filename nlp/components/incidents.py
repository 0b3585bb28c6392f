"""``frontline_incidents``: group attack statements into incidents and fill their fields.

Grouping. Attack statements follow one another in the current incident; a new one
starts when a statement names a place the incident has not *and* the text says it
is another attack ("in a separate incident", "two hours later", "In Chatham, ...",
"At 10.10am ...", a new day, another force), or for each of "two separate attacks".
Summaries ("eight assaults across Kent") told one by one afterwards are dropped; a
headline joins the incident when there is only one.

Fields, each read from the incident's own sentences first, then from the sentence
that sets the scene of each attack (``leads``), the sentences before it (``before``,
nearest first) and after it (``context``):

* force: a force named by the attack; a station scene with British Transport Police
  named; the force area of its place (outvoted by the places around it); the force
  the article names most.
* location: the most specific scene place (street/venue > district > town > county),
  never a hospital or court, nor where a suspect is "from".
* weapons: categories of the instruments of its attacks (see :mod:`nlp.weapon_roles`),
  else ``unknown``.
* date: "the attack happened on 2 December" first; then resolved dates, "on Sunday"
  before "today", never the day of a court step nor of a verb joined to the attack
  ("... and died on Sunday"); else the date of a round-up's summary sentence.
* officers: the largest count of officers attacked; severity: the worst outcome said
  of the officers (``about_police``), near the attack, leaving out hypotheticals
  ("before someone is seriously injured") and sentences of totals.

An incident with no UK place whose sentences (or the article's opening) name a place
or police force abroad is dropped (see ``frontline_abroad``). Writes
``doc._.incidents`` (list of :class:`nlp.mentions.IncidentMention`) and sets
``doc._.relevant`` to whether any incident has a UK force or place.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import gazetteer
from nlp.attack import Attack
from nlp.components.abroad import STRONG_FOREIGN_KINDS
from nlp.components.attacks import attack_terms
from nlp.extensions import (
    SPANS_ABROAD,
    SPANS_DATES,
    SPANS_FORCES,
    SPANS_PLACES,
    SPANS_SEVERITY,
    SPANS_WEAPONS,
)
from nlp.mentions import SEVERITIES, Evidence, IncidentMention
from nlp.weapon_roles import refine_weapons, weapon_in_role

logger = logging.getLogger(__name__)

_TIME = re.compile(r"^\d{1,2}([.:]\d{2})?(am|pm|hrs)?$")
_KIND_RANK = {"street": 0, "venue": 0, "district": 1, "village": 1, "town": 2, "city": 2,
              "county": 3, "region": 4, "network": 4, "country": 5}
NUMBER_WORDS_SUMMARY = {"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                        "several", "separate", "series", "string", "spate"}
_FORCE_HEADS = {"officer", "constable", "police", "force", "pc", "sergeant", "policeman",
                "policewoman", "federation", "chief"}
_SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass
class _Group:
    attacks: list[Attack] = field(default_factory=list)
    context: list[Span] = field(default_factory=list)
    before: list[Span] = field(default_factory=list)
    leads: list[Span] = field(default_factory=list)

    @property
    def sents(self) -> list[Span]:
        seen, out = set(), []
        for a in self.attacks:
            if a.sent.start not in seen:
                seen.add(a.sent.start)
                out.append(a.sent)
        return out


def _in(spans, sent: Span) -> list[Span]:
    return [s for s in spans if s.start >= sent.start and s.end <= sent.end]


def _paragraph(doc: Doc, sent: Span) -> int:
    return doc.text.count("\n\n", 0, sent.start_char)


def _tokens(text: str) -> set[str]:
    return {w for w in text.lower().replace(",", " ").split() if w not in {"the", "of", "in"}}


class IncidentBuilder:
    """Assemble :class:`IncidentMention` objects from the other components' output."""

    def __init__(self, name: str, require_uk_anchor: bool, max_repeat: int) -> None:
        self.name = name
        self.require_uk_anchor = require_uk_anchor
        self.max_repeat = max_repeat
        self._sentence_triggers: dict[int, list[int]] = {}
        self._summary_sents: list[Span] = []  # per doc: summaries of several attacks
        self.separate_cues = attack_terms("separate_cue")
        self.sequence_cues = attack_terms("sequence_cue")
        self.court_cues = attack_terms("court_cue")

    # -- grouping -----------------------------------------------------------------------
    def scene_places(self, doc: Doc, sent: Span) -> list[Span]:
        """Places in ``sent`` that can be where an attack happened ("three Sussex officers"
        names a force, not a scene)."""
        return [p for p in _in(doc.spans[SPANS_PLACES], sent) if p._.role == "scene"
                and not (p.root.dep_ in ("compound", "amod", "nmod")
                         and p.root.head.lemma_.lower() in _FORCE_HEADS)]

    def _same_place(self, a: Span, places: list[Span]) -> bool:
        ta = _tokens(a.text)
        for p in places:
            tp = _tokens(p.text)
            if ta <= tp or tp <= ta:
                return True
        return False

    def _lead(self, doc: Doc, sent: Span) -> Span | None:
        """The sentence before ``sent`` in the same paragraph (it often sets the scene)."""
        if sent.start == 0:
            return None
        prev = doc[sent.start - 1].sent
        if prev.start_char < doc._.title_end or _paragraph(doc, prev) != _paragraph(doc, sent):
            return None
        if any(a.specific and a.sent == prev for a in doc._.attacks or []):
            return None  # it tells an attack of its own
        return prev

    def attack_places(self, doc: Doc, attack: Attack) -> list[Span]:
        """Scene places of the attack itself (in the trigger's subtree), else of its sentence
        (but not those of another attack there), else of the sentence that leads to it."""
        in_sent = self.scene_places(doc, attack.sent)
        subtree = {t.i for t in attack.trigger.subtree}
        places = [p for p in in_sent if p.root.i in subtree]
        if not places:
            rivals = [a.trigger.i for a in (doc._.attacks or []) if a.sent == attack.sent
                      and a.trigger.i != attack.trigger.i and a.specific
                      and a.trigger.i not in subtree]
            others = {t.i for i in rivals for t in doc[i].subtree}
            places = [p for p in in_sent if p.root.i not in others
                      and _nearest_trigger(p, attack.trigger.i, rivals)]
        if not places:
            lead = self._lead(doc, attack.sent)
            if lead is not None:
                places = self.scene_places(doc, lead)
        return places

    def _separation_cue(self, doc: Doc, attack: Attack, group: _Group) -> bool:
        """Does the text say this is another attack ("in a separate incident", "two hours
        later", "In Chatham, ...", another force named)?"""
        sents = [attack.sent]
        lead = self._lead(doc, attack.sent)
        if lead is not None and lead not in group.sents and not self.scene_places(
                doc, attack.sent):
            sents.append(lead)
        for sent in sents:
            words = [t.lower_ for t in sent]
            if set(words) & self.separate_cues:
                return True
            if set(words[:8]) & self.sequence_cues:
                return True
            lead_in = [t for t in sent[:4] if not (t.is_space or t.is_punct or t.dep_ == "cc")]
            first = lead_in[0] if lead_in else sent[0]
            if first.lower_ in ("in", "at", "on", "near", "outside", "by") and any(
                p.start <= first.i + 4 for p in _in(doc.spans[SPANS_PLACES], sent)
            ):
                return True
            if first.lower_ in ("at", "by", "around") and first.i + 1 < len(doc) and (
                    doc[first.i + 1].like_num or _TIME.match(doc[first.i + 1].lower_)):
                return True  # "At 10.10am two officers were called to ..."
        known_dates = {d._.date for s in group.sents + group.leads
                       for d in _in(doc.spans[SPANS_DATES], s) if d._.date is not None}
        new_dates = {d._.date for s in sents for d in _in(doc.spans[SPANS_DATES], s)
                     if d._.date is not None and d.label_ != "relative"
                     and not _on_other_verb(d, attack)}
        if known_dates and new_dates and not new_dates & known_dates:
            return True  # "On Wednesday ..." after Monday's attack
        if _other_year(attack.sent, doc._.published, known_dates):
            return True  # "... recalled PC Harper, dragged behind a car in Berkshire in 2019"
        places = self.attack_places(doc, attack)
        known_areas = {p._.force for p in self._group_places(doc, group) if p._.force}
        new_areas = {p._.force for p in places if p._.force}
        if known_areas and new_areas and not known_areas & new_areas and (
                _new_officer(attack) or _newly_named(attack, group)):
            return True  # "a sergeant in Newport" after an attack in Hull: another attack
        forces = {f._.force for s in group.sents for f in _in(doc.spans[SPANS_FORCES], s)}
        named = {f._.force for f in _in(doc.spans[SPANS_FORCES], attack.sent)}
        return bool(forces and named and not forces & named)

    def _drop_summary_attacks(self, doc: Doc, attacks: list[Attack]) -> list[Attack]:
        """"Two separate attacks on officers in Stoke" followed by the two, told one by
        one: the summary is not a third and fourth incident."""
        out = []
        for attack in attacks:
            summary = attack.repeat > 1 or any(
                t.lower_ in ("incidents", "attacks", "assaults") and any(
                    c.lower_ in NUMBER_WORDS_SUMMARY for c in t.children)
                for t in attack.sent)
            later = [a for a in attacks if a.sent.start > attack.sent.end and not a.in_title]
            if summary and not attack.in_title and later:
                self._summary_sents.append(attack.sent)
                continue
            out.append(attack)
        return out

    def group(self, doc: Doc, attacks: list[Attack]) -> list[_Group]:
        """Attack statements into incidents (see the module docstring)."""
        self._summary_sents = []
        attacks = self._drop_summary_attacks(doc, attacks)
        groups: list[_Group] = []
        title: list[Attack] = []
        for attack in attacks:
            if attack.in_title:
                title.append(attack)
                continue
            places = self.attack_places(doc, attack)
            if not groups:
                groups.append(_Group([attack]))
            else:
                current = groups[-1]
                known = self._group_places(doc, current)
                new_place = bool(places) and bool(known) and not any(
                    self._same_place(p, known) for p in places
                )
                same_sent = attack.sent in current.sents
                if new_place and not same_sent and self._separation_cue(doc, attack, current):
                    groups.append(_Group([attack]))
                elif new_place and same_sent and attack.trigger.i > max(
                    a.trigger.i for a in current.attacks) and any(
                        p.start > max(a.trigger.i for a in current.attacks) for p in places):
                    groups.append(_Group([attack]))  # "..., and three officers were hurt in Hove"
                else:
                    current.attacks.append(attack)
            if attack.repeat > 1:
                for _ in range(min(attack.repeat, self.max_repeat) - 1):
                    groups.append(_Group([attack]))
        groups = self._drop_summaries(doc, groups)
        if title:
            if not groups:
                groups.append(_Group(title))
            elif len(groups) == 1:
                groups[0].attacks = title + groups[0].attacks
            # a headline over several incidents describes them all: it joins none
        return groups

    def _drop_summaries(self, doc: Doc, groups: list[_Group]) -> list[_Group]:
        """"Officers were attacked eight times across Kent": a county-wide summary of the
        specific incidents that follow is not an incident of its own."""
        if len(groups) < 2:
            return groups
        kept = []
        for group in groups:
            places = self._group_places(doc, group)
            coarse = places and min(_KIND_RANK.get(p._.kind, 2) for p in places) >= 3
            plural = all(a.officers is None for a in group.attacks if not a.in_title)
            forces = {p._.force for p in places}
            finer_elsewhere = any(
                other is not group and any(
                    p._.force in forces and _KIND_RANK.get(p._.kind, 2) < 3
                    for p in self._group_places(doc, other))
                for other in groups
            )
            if coarse and plural and finer_elsewhere:
                continue
            kept.append(group)
        return kept or groups

    def _group_places(self, doc: Doc, group: _Group) -> list[Span]:
        out: list[Span] = []
        for attack in group.attacks:
            if not attack.in_title:
                out += [p for p in self.attack_places(doc, attack) if p not in out]
        return out

    # -- fields -------------------------------------------------------------------------
    def _context(self, doc: Doc, groups: list[_Group]) -> None:
        """Give each group the sentences around it: ``leads`` (the sentence setting the
        scene of each attack), ``before`` (since the previous group, nearest first) and
        ``context`` (from its first attack to the next group)."""
        sents = [s for s in doc.sents if s.start_char >= doc._.title_end and s.text.strip()]
        starts = [min((a.sent.start for a in g.attacks if not a.in_title), default=0)
                  for g in groups]
        prev_end = 0
        for i, group in enumerate(groups):
            begin = starts[i]
            end = starts[i + 1] if i + 1 < len(groups) and starts[i + 1] > begin else len(doc)
            group.context = [s for s in sents if s.start >= begin and s.end <= end]
            attack_sents = {a.sent.start for g in groups for a in g.attacks}
            group.before = [s for s in reversed(sents) if prev_end <= s.start < begin
                            and s.start not in attack_sents]
            group.leads = [lead for a in group.attacks if not a.in_title
                           for lead in [self._lead(doc, a.sent)]
                           if lead is not None and lead not in group.sents]
            body = [a.sent.end for a in group.attacks if not a.in_title]
            prev_end = max(body) if body else prev_end

    def _location(self, doc: Doc, group: _Group) -> Span | None:
        triggers = [a.trigger.i for a in group.attacks if not a.in_title]

        def distance(p: Span) -> int:
            near = [abs(p.start - t) for t in triggers if doc[t].sent == p.sent]
            return min(near) if near else 10_000 + abs(p.start - (triggers or [0])[0])

        def best(places: list[Span]) -> Span:
            return min(places, key=lambda p: (_KIND_RANK.get(p._.kind, 2), distance(p)))

        own = self._group_places(doc, group)
        titled = [p for a in group.attacks if a.in_title for p in self.scene_places(doc, a.sent)]
        if own:
            choice = best(own)
            rank = _KIND_RANK.get(choice._.kind, 2)
            sharper = [p for p in titled if _KIND_RANK.get(p._.kind, 2) < rank
                       and (p._.force is None or p._.force == choice._.force)]
            if not sharper and rank >= 3:
                # "dragged behind a car in Berkshire ... near Sulhamstead": the county first,
                # the village in the sentences that go on telling the attack
                finer = [p for s in group.leads + group.context if not self._court(s)
                         for p in self.scene_places(doc, s)
                         if _KIND_RANK.get(p._.kind, 2) < min(rank, 3)
                         and p._.force == choice._.force
                         and not _tokens(p.text) <= _tokens(choice.text)]  # not "London"
                if finer:
                    return min(finer, key=lambda p: (_KIND_RANK.get(p._.kind, 2), p.start))
            return sharper[0] if sharper else choice
        for sents in (
            group.leads,
            group.before,
            [s for s in group.context if not self._court(s)],
            group.sents,
        ):
            places = [p for s in sents for p in self.scene_places(doc, s)]
            if places:
                return best(places)
        return None

    def _location_text(self, doc: Doc, place: Span) -> str:
        """A street or district named with its town ("Addison Road, Tunbridge Wells", "Govan
        area of Glasgow") keeps both, as written."""
        text = place.text
        if _KIND_RANK.get(place._.kind, 2) <= 1:
            following = [p for p in doc.spans[SPANS_PLACES] if p.start > place.end
                         and p.start <= place.end + 3 and p.sent == place.sent]
            if following:
                nxt = following[0]
                between = doc[place.end:nxt.start].text.strip()
                if between in (",", "in", "", "area of", ", in"):
                    return doc[place.start:nxt.end].text
        return text

    def _force_vote(self, doc: Doc, group: _Group, alone: bool) -> str | None:
        """The force most places of the group's attacks (and the sentences leading to them,
        and the headline when the article tells one incident) point to; on a tie, the force
        of the place named first: "in Cardiff ... in Ely" is Cardiff's Ely."""
        title = [s for s in doc.sents if s.start_char < doc._.title_end] if alone else []
        sents = sorted(set(group.leads + title), key=lambda s: s.start)
        places = sorted([p for p in self._group_places(doc, group) if p._.force]
                        + [p for s in sents for p in self.scene_places(doc, s) if p._.force],
                        key=lambda p: p.start)
        if not places:
            return None
        counts = Counter(p._.force for p in places)
        top = max(counts.values())
        return next(p._.force for p in places if counts[p._.force] == top)

    @staticmethod
    def _railway(place: Span) -> bool:
        """A station or train scene: British Transport Police's ground."""
        words = {t.lower_ for t in place} | {t.lower_ for t in place.doc[
            max(place.start - 3, place.sent.start):place.end + 2]}
        return bool(words & {"station", "train", "railway", "platform", "tube", "underground"})

    def _court(self, sent: Span) -> bool:
        return any(t.lemma_.lower() in self.court_cues or t.lower_ in self.court_cues
                   for t in sent)

    def _force(self, doc: Doc, group: _Group, place: Span | None, alone: bool = True
               ) -> tuple[str | None, Span | None]:
        for sent in group.sents:
            if sent.start_char < doc._.title_end:
                continue
            forces = [f for f in _in(doc.spans[SPANS_FORCES], sent)
                      if self._nearest_is(group, sent, f.root.i)]
            if forces:
                return forces[0]._.force, sent
        if place is not None and self._railway(place):
            transport = [f for f in doc.spans[SPANS_FORCES]
                         if f._.force == "British Transport Police"]
            if transport:
                return "British Transport Police", transport[0].sent
        if place is not None and place._.force:
            voted = self._force_vote(doc, group, alone)
            if voted and voted != place._.force:
                return voted, place.sent  # "Ely" in a Cardiff story
            return place._.force, place.sent
        for sent in group.sents + group.leads + group.before:
            for p in self.scene_places(doc, sent):
                if p._.force and p._.force in gazetteer.territorial_forces():
                    return p._.force, sent
        for sent in group.leads + group.before:
            forces = _in(doc.spans[SPANS_FORCES], sent)
            if forces:
                return forces[0]._.force, sent
        counts = Counter(f._.force for f in doc.spans[SPANS_FORCES])
        if counts:
            name = counts.most_common(1)[0][0]
            first = next(f for f in doc.spans[SPANS_FORCES] if f._.force == name)
            return name, first.sent
        counts = Counter(p._.force for p in doc.spans[SPANS_PLACES]
                         if p._.force and p._.role in ("scene", "institution"))
        if counts:
            name = counts.most_common(1)[0][0]
            first = next(p for p in doc.spans[SPANS_PLACES] if p._.force == name
                         and p._.role in ("scene", "institution"))
            return name, first.sent
        return None, None

    def _weapons(self, doc: Doc, group: _Group) -> tuple[tuple[str, ...], Span | None]:
        cats: list[str] = []
        spans_used: list[Span] = []
        evidence = None
        for attack in group.attacks:
            if attack.in_title:
                scope = set(range(attack.sent.start, attack.sent.end))
            else:
                clause = attack.trigger
                if clause.dep_ == "pobj" and clause.head.lower_ == "under":
                    clause = clause.head.head  # "came under attack from youths throwing ..."
                while clause.head is not clause and (clause.dep_ == "conj" or (
                        clause.dep_ == "advcl" and clause.tag_ == "VBG")):
                    clause = clause.head  # "reversed into the car, injuring both officers"
                scope = {t.i for t in clause.subtree}
                edge = max(scope)
                # "knocked him unconscious | with a single punch" hung elsewhere by the parser
                for tok in attack.sent:
                    if 0 < tok.i - edge <= 2 and tok.lower_ in ("with", "by"):
                        scope |= {t.i for t in tok.subtree}
            for w in _in(doc.spans[SPANS_WEAPONS], attack.sent):
                if w.root.i not in scope or not weapon_in_role(w):
                    continue
                if not self._nearest_is(group, attack.sent, w.root.i):
                    continue  # "slashed with a knife in Basildon, and another bitten in ..."
                spans_used.append(w)
                if w.label_ not in cats:
                    cats.append(w.label_)
                    evidence = evidence or attack.sent
        if not cats:
            return ("unknown",), group.sents[0] if group.sents else None
        cats = refine_weapons(cats, spans_used)
        if "incendiary" in cats and "blunt" in cats:
            pass
        return tuple(sorted(cats)), evidence

    def _date(self, doc: Doc, group: _Group):
        """The attack's date: said in its own sentences, else in the scene-setting ones
        before it (nearest first, "on Sunday" before "today"), else after it; never the
        day of a court hearing."""
        def usable(d: Span) -> bool:
            return d._.date is not None and not self._court_date(d)

        own = [(d, sent) for sent in group.sents for d in _in(doc.spans[SPANS_DATES], sent)
               if usable(d) and self._nearest_is(group, sent, d.root.i)]
        for sent in group.sents + group.context:
            for d in _in(doc.spans[SPANS_DATES], sent):
                if d._.date is not None and _dates_the_attack(d):
                    return d._.date, sent  # "The attack happened on 2 December."
        triggers = {a.trigger.i for a in group.attacks}
        for d, sent in own:
            if d.label_ != "relative" or _attached_to(d, triggers):
                return d._.date, sent  # "on Sunday", or "attacked overnight"
        for sents in (group.leads, group.before, group.context):
            found = [(d, sent) for sent in sents for d in _in(doc.spans[SPANS_DATES], sent)
                     if usable(d)]
            firm = [(d, sent) for d, sent in found if d.label_ != "relative"]
            for d, sent in firm or found:
                return d._.date, sent
        for d, sent in own:  # "kept in overnight": the best there is
            return d._.date, sent
        for sent in self._summary_sents:
            # "Officers were attacked in two separate incidents on Sunday night."
            for d in _in(doc.spans[SPANS_DATES], sent):
                if usable(d) and d.label_ != "relative":
                    return d._.date, sent
        return None, None

    def _court_date(self, date: Span) -> bool:
        """"Convicted at the Old Bailey on Thursday": the date of a court step."""
        tok = date.root
        for _ in range(4):
            if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux":
                break
            if tok.head is tok:
                break
            tok = tok.head
        words = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children
                                         if c.dep_ in ("dobj", "prep")}
        words |= {g.lemma_.lower() for c in tok.children if c.dep_ == "prep"
                  for g in c.children}
        return bool(words & self.court_cues)

    def _officers(self, group: _Group) -> int | None:
        counts = [a.officers for a in group.attacks]
        known = [c for c in counts if c is not None]
        if not known:
            return None
        return max(known)

    def _severity(self, doc: Doc, group: _Group) -> tuple[str, Span | None]:
        best, best_sent = None, None
        near = {s.start for a in group.attacks for s in _following(a.sent, 3)}
        sents = group.sents + [s for s in group.context if s not in group.sents
                               and s.start in near and not self._about_others(s)]
        for sent in sents:
            if sent not in group.sents and _statistics(sent):
                continue  # "There were 226 offences of ABH and 13 of GBH."
            for s in _in(doc.spans[SPANS_SEVERITY], sent):
                if s._.about_police is False or not self._nearest_is(group, sent, s.root.i):
                    continue
                left = doc[max(s.start - 4, s.sent.start):s.start].text.lower()
                if s.label_ == "killed" and ("attempt" in left or any(
                        w in left.split() for w in ("could", "might", "would", "nearly",
                                                    "almost", "may", "threatened", "fear"))):
                    continue  # "attempted murder", "could have been killed"
                words = left.split()
                if any(w in words for w in ("someone", "somebody", "anyone")) or (
                        s.label_ in ("killed", "serious")
                        and any(w in words for w in ("could", "might", "would", "may"))):
                    continue  # "a matter of time before someone is seriously injured"
                if best is None or _SEVERITY_RANK[s.label_] < _SEVERITY_RANK[best]:
                    best, best_sent = s.label_, sent
        if best is None:
            return "unknown", None
        return best, best_sent

    def _nearest_is(self, group: _Group, sent: Span, i: int) -> bool:
        """When ``sent`` reports attacks of several incidents ("two attacks in Merseyside,
        and three Sussex officers assaulted, two ending up in hospital"), does token ``i``
        lie nearest to one of this group's attack words?"""
        mine = [a.trigger.i for a in group.attacks if a.sent == sent]
        others = [t for t in self._sentence_triggers.get(sent.start, []) if t not in mine]
        if not mine or not others:
            return True
        return min(abs(i - t) for t in mine) <= min(abs(i - t) for t in others)

    def _abroad(self, doc: Doc, group: _Group) -> bool:
        """The attack sentences, or the article's opening, name a place outside the UK
        or a police force abroad (NYPD, gendarmes; see ``frontline_abroad``)."""
        opening = list(doc.sents)[:2]
        for sent in group.sents + opening:
            if any(p._.role == "foreign" for p in _in(doc.spans[SPANS_PLACES], sent)) or any(
                    c.label_ in STRONG_FOREIGN_KINDS for c in _in(doc.spans.get(SPANS_ABROAD, []), sent)):
                forces = _in(doc.spans[SPANS_FORCES], sent)
                if not forces:
                    return True
        return False

    def _about_others(self, sent: Span) -> bool:
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass"):
                return tok.lemma_.lower() in {
                    "man", "woman", "suspect", "gunman", "driver", "attacker", "teenager",
                    "boy", "girl", "resident", "pedestrian", "paramedic", "firefighter",
                }
        return False

    # -- assembly -----------------------------------------------------------------------
    def build(self, doc: Doc) -> list[IncidentMention]:
        attacks = [a for a in (doc._.attacks or []) if a.specific]
        if not any(not a.in_title and a.rule != "injury" for a in attacks):
            return []  # a headline, or "an officer suffered injuries", is too loose alone
        groups = self.group(doc, attacks)
        self._context(doc, groups)
        self._sentence_triggers: dict[int, list[int]] = {}
        for group in groups:
            for attack in group.attacks:
                self._sentence_triggers.setdefault(attack.sent.start, []).append(
                    attack.trigger.i)
        incidents = []
        for group in groups:
            place = self._location(doc, group)
            if (place is None or not place._.force) and self._abroad(doc, group):
                continue  # gardaí in "Dublin city centre": no UK place, foreign police named
            force, force_sent = self._force(doc, group, place, len(groups) == 1)
            if self.require_uk_anchor and force is None and place is None:
                continue
            weapons, weapon_sent = self._weapons(doc, group)
            date, date_sent = self._date(doc, group)
            severity, sev_sent = self._severity(doc, group)
            if severity == "unknown" and any(w in weapons for w in ("bladed", "firearm")):
                severity = "injured"
            officers = self._officers(group)
            evidence = {"summary": _evidence(group.sents[0])}
            for key, sent in (("force", force_sent), ("location", place.sent if place else None),
                              ("weapons", weapon_sent), ("date", date_sent),
                              ("severity", sev_sent), ("officers", group.sents[0])):
                if sent is not None:
                    evidence[key] = _evidence(sent)
            lat, lon = _coordinates(doc, place, group.sents[0], force)
            incidents.append(IncidentMention(
                force=force,
                location=self._location_text(doc, place) if place is not None else None,
                weapons=weapons,
                date=date,
                officers=officers,
                severity=severity,
                latitude=lat,
                longitude=lon,
                summary=group.sents[0].text.strip(),
                evidence=evidence,
            ))
        return _merge_same_place(incidents)

    def __call__(self, doc: Doc) -> Doc:
        incidents = self.build(doc)
        doc._.incidents = incidents
        doc._.relevant = bool(incidents)
        return doc


def _coordinates(doc: Doc, place: Span | None, anchor: Span, force: str | None
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


def _nearest_trigger(place: Span, mine: int, rivals: list[int]) -> bool:
    """Of the attack words of one sentence, is ``mine`` the nearest to ``place`` ("disorder
    in Sunderland, when four officers were pelted with bricks, and in Liverpool, where two
    were punched": Sunderland is the pelting's, Liverpool the punching's)? Ties go to the
    attack word after the place, which it sets the scene for."""
    def distance(i: int) -> tuple[int, int]:
        return abs(place.root.i - i), 0 if i > place.root.i else 1

    return all(distance(mine) <= distance(r) for r in rivals)


_YEAR_MENTION = re.compile(r"\b(?:in|during|since|of|back in)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")


def _other_year(sent: Span, published, known_dates: set) -> bool:
    """Does ``sent`` place its attack in a year ("in 2019", "in August 2011") other than
    the article's and than the incident's own dates?"""
    years = {int(m.group(1)) for m in _YEAR_MENTION.finditer(sent.text)}
    if not years:
        return False
    current = {d.year for d in known_dates} | ({published.year} if published else set())
    return bool(current) and not years & current


def _newly_named(attack: Attack, group: _Group) -> bool:
    """Is the attacked officer named ("PC Andrew Harper") and not named in the incident so
    far?"""
    named = [p for p in attack.patients if p.pos_ == "PROPN"]
    if not named:
        return False
    seen = {t.lower_ for a in group.attacks for t in a.sent if t.pos_ == "PROPN"}
    return all(p.lower_ not in seen for p in named)


def _new_officer(attack: Attack) -> bool:
    """Does the attack introduce its officer ("a sergeant", "two officers", "another")
    rather than refer back ("the officers", "they", "PC Smith")?"""
    for patient in attack.patients:
        if patient.lower_ in ("another", "a", "an"):
            return True
        for child in patient.children:
            if child.dep_ in ("det", "nummod") and child.lower_ in (
                    "a", "an", "another", "two", "three", "four", "five", "six"):
                return True
    return False


_YEAR = re.compile(r"^(19|20)\d\d$")


def _statistics(sent: Span) -> bool:
    """A sentence of totals: a count of 100 or more (not a year), or "offences"."""
    for tok in sent:
        if tok.lower_ in ("offences", "statistics", "figures"):
            return True
        if tok.like_num and not _YEAR.match(tok.text):
            try:
                if float(tok.text.replace(",", "")) >= 100:
                    return True
            except ValueError:
                continue
    return False


_HAPPEN_VERBS = {"happen", "occur", "take"}
_EVENT_NOUNS = {"attack", "assault", "incident", "offence", "stabbing", "shooting", "ramming"}


def _dates_the_attack(date: Span) -> bool:
    """Is ``date`` the date of "the attack/incident happened (took place, occurred)"?"""
    verb = date.root.head
    if verb.dep_ == "prep" or verb.pos_ == "ADP":
        verb = verb.head
    if verb.lemma_.lower() not in _HAPPEN_VERBS:
        return False
    if verb.lemma_.lower() == "take" and not any(c.lower_ == "place" for c in verb.children):
        return False
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in _EVENT_NOUNS for c in verb.children)


def _on_other_verb(date: Span, attack: Attack) -> bool:
    """Is ``date`` said of a verb joined to the attack ("was struck on Monks Road and died
    in hospital on Sunday"), not of the attack itself?"""
    trigger = attack.trigger
    if date.sent != trigger.sent:
        return False
    return any(
        conj.dep_ == "conj" and conj.pos_ in ("VERB", "AUX")
        and date.root.i in {t.i for t in conj.subtree}
        for conj in trigger.children
    )


def _attached_to(span: Span, heads: set[int]) -> bool:
    """Does ``span`` hang (through prepositions) on one of the tokens ``heads``?"""
    tok = span.root
    for _ in range(3):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.i in heads:
            return True
        if tok.dep_ not in ("prep", "pobj", "npadvmod", "advmod", "pcomp"):
            return False
    return False


def _following(sent: Span, n: int) -> list[Span]:
    """The ``n`` sentences after ``sent``."""
    out, end = [], sent.end
    doc = sent.doc
    while len(out) < n and end < len(doc):
        nxt = doc[end].sent
        out.append(nxt)
        end = nxt.end
    return out


def _evidence(sent: Span) -> Evidence:
    text = sent.text.rstrip()
    return Evidence(sent.start_char, sent.start_char + len(text), text)


def _merge_same_place(incidents: list[IncidentMention]) -> list[IncidentMention]:
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
    """Factory of :class:`IncidentBuilder`."""
    return IncidentBuilder(name, require_uk_anchor, max_repeat)

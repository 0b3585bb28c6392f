"""What every incident reader shares about one document.

A :class:`Group` is the attack statements of one incident and the sentences around it; a
:class:`Reading` is one document's groups plus what the readers look up across groups
(which attack words share a sentence, which sentences summarise several attacks). Both
are built afresh for every document and passed explicitly: nothing per-document is kept
on the pipeline component.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from nlp.attack import Attack
from nlp.extensions import SPANS_PLACES
from nlp.lexicon import terms
from nlp.mentions import Evidence, place_rank


@dataclass
class Group:
    """The attack statements of one incident, and the sentences around them: ``leads``
    (the sentence setting the scene of each attack), ``before`` (since the previous
    incident, nearest first) and ``context`` (from its first attack to the next incident)."""

    attacks: list[Attack] = field(default_factory=list)
    context: list[Span] = field(default_factory=list)
    before: list[Span] = field(default_factory=list)
    leads: list[Span] = field(default_factory=list)

    @property
    def sents(self) -> list[Span]:
        """The sentences of its attack statements, in order, each once."""
        seen, out = set(), []
        for a in self.attacks:
            if a.sent.start not in seen:
                seen.add(a.sent.start)
                out.append(a.sent)
        return out

    @property
    def body(self) -> list[Attack]:
        """Its attack statements outside the headline."""
        return [a for a in self.attacks if not a.in_title]


@dataclass
class Reading:
    """One document's incidents in the making."""

    doc: Doc
    groups: list[Group]
    summary_sents: list[Span] = field(default_factory=list)
    """Sentences summarising several attacks told one by one afterwards."""
    sentence_triggers: dict[int, list[int]] = field(default_factory=dict)
    """For each sentence start, the attack words of every incident in that sentence."""

    def __post_init__(self) -> None:
        for group in self.groups:
            for attack in group.attacks:
                self.sentence_triggers.setdefault(attack.sent.start, []).append(
                    attack.trigger.i)

    def nearest_is(self, group: Group, sent: Span, i: int) -> bool:
        """When ``sent`` reports attacks of several incidents ("two attacks in Merseyside,
        and three Sussex officers assaulted, two ending up in hospital"), does token ``i``
        lie nearest to one of ``group``'s attack words?"""
        mine = [a.trigger.i for a in group.attacks if a.sent == sent]
        others = [t for t in self.sentence_triggers.get(sent.start, []) if t not in mine]
        if not mine or not others:
            return True
        return min(abs(i - t) for t in mine) <= min(abs(i - t) for t in others)


_YEAR_MENTION = re.compile(
    r"\b(?:in|during|since|of|back in)\s+(?:[A-Z][a-z]+\s+)?((?:19|20)\d\d)\b")


def other_events(doc: Doc, sent: Span) -> set[int]:
    """Tokens of ``sent`` that tell another event: the subtree of an attack noun that is no
    attack on police ("near the scene of a knife attack that took place on Monday")."""
    triggers = {a.trigger.i for a in doc._.attacks or []}
    nouns = terms("attack_noun") | terms("event_noun")
    return {t.i for tok in sent if tok.pos_ == "NOUN" and tok.lemma_.lower() in nouns
            and tok.i not in triggers for t in tok.subtree}


def years_named(sent: Span) -> set[int]:
    """The years ``sent`` places something in ("in 2019", "in August 2011")."""
    return {int(m.group(1)) for m in _YEAR_MENTION.finditer(sent.text)}


def group_years(group: Group) -> set[int]:
    """The years the group's own attack sentences name."""
    return {year for sent in group.sents for year in years_named(sent)}


def spans_in(doc: Doc, key: str, sent: Span) -> list[Span]:
    """The spans of ``doc.spans[key]`` inside ``sent``."""
    return [s for s in doc.spans.get(key, []) if s.start >= sent.start and s.end <= sent.end]


def paragraph(doc: Doc, sent: Span) -> int:
    """The number of the paragraph ``sent`` is in (a line break starts one; equal numbers
    mean the same paragraph)."""
    return doc.text.count("\n", 0, sent.start_char)


def place_tokens(text: str) -> set[str]:
    """The words of a place name that tell it apart ("Liverpool city centre")."""
    return {w for w in text.lower().replace(",", " ").split() if w not in {"the", "of", "in"}}


def lead(doc: Doc, sent: Span) -> Span | None:
    """The sentence before ``sent`` in the same paragraph (it often sets the scene), unless
    it tells an attack of its own."""
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    if prev.start_char < doc._.title_end or paragraph(doc, prev) != paragraph(doc, sent):
        return None
    if any(a.specific and a.sent == prev for a in doc._.attacks or []):
        return None
    return prev


def following(sent: Span, n: int) -> list[Span]:
    """The ``n`` sentences after ``sent``."""
    out: list[Span] = []
    end = sent.end
    doc = sent.doc
    while len(out) < n and end < len(doc):
        nxt = doc[end].sent
        out.append(nxt)
        end = nxt.end
    return out


def evidence(sent: Span, rule: str = "") -> Evidence:
    """``sent`` as evidence of what ``rule`` read there: its offsets and its text."""
    text = sent.text.rstrip()
    return Evidence(sent.start_char, sent.start_char + len(text), text, rule)


def court(sent: Span) -> bool:
    """Does ``sent`` speak of a court step (charged, jailed, the jury)?"""
    cues = terms("court_cue")
    return any(t.lemma_.lower() in cues or t.lower_ in cues for t in sent)


_FORCE_AREA_RANK = 3
"""A county or wider before an officer word names the force ("three Sussex officers"); a
town or district names where he serves ("a Calderdale constable"), a scene."""


def scene_places(doc: Doc, sent: Span) -> list[Span]:
    """Places in ``sent`` that can be where an attack happened ("three Sussex officers"
    names a force, not a scene)."""
    heads = terms("force_head")
    return [p for p in spans_in(doc, SPANS_PLACES, sent) if p._.role == "scene"
            and not (p.root.dep_ in ("compound", "amod", "nmod")
                     and p.root.head.lemma_.lower() in heads
                     and place_rank(p._.kind) >= _FORCE_AREA_RANK)]


def attack_places(doc: Doc, attack: Attack) -> list[Span]:
    """Scene places of the attack itself (in the trigger's subtree), else of its sentence
    (each to the attack word nearest it, see :func:`nearest_trigger`), else of the
    sentence that leads to it."""
    in_sent = scene_places(doc, attack.sent)
    subtree = {t.i for t in attack.trigger.subtree}
    for other in doc._.attacks or []:  # "injured in X, and officers were attacked in Y"
        if other.specific and other.trigger.i != attack.trigger.i and other.trigger.i in subtree \
                and other.trigger.dep_ == "conj" \
                and any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass")
                        for c in other.trigger.children):
            # a clause of its own ("... and on Thursday two more were injured on X")
            subtree -= {t.i for t in other.trigger.subtree}
    places = [p for p in in_sent if p.root.i in subtree]
    if not places:
        rivals = [a.trigger.i for a in (doc._.attacks or []) if a.sent == attack.sent
                  and a.trigger.i != attack.trigger.i and a.specific
                  and a.trigger.i not in subtree]
        # places under another attack word are its own, unless this one hangs under it too
        # ("19 officers were injured in X, and earlier officers were attacked in Y")
        others = {t.i for i in rivals if attack.trigger not in doc[i].subtree
                  for t in doc[i].subtree}
        places = [p for p in in_sent if p.root.i not in others
                  and nearest_trigger(p, attack.trigger.i, rivals)]
    if not places:
        scene = lead(doc, attack.sent)
        if scene is not None:
            places = scene_places(doc, scene)
    return places


def group_places(doc: Doc, group: Group) -> list[Span]:
    """The scene places of a group's attacks outside the headline, each once."""
    out: list[Span] = []
    for attack in group.body:
        out += [p for p in attack_places(doc, attack) if p not in out]
    return out


def nearest_trigger(place: Span, mine: int, rivals: list[int]) -> bool:
    """Of the attack words of one sentence, is ``mine`` the nearest to ``place`` ("disorder
    in Sunderland, when four officers were pelted with bricks, and in Liverpool, where two
    were punched": Sunderland is the pelting's, Liverpool the punching's)? Ties go to the
    attack word after the place, which it sets the scene for."""
    def distance(i: int) -> tuple[int, int]:
        return abs(place.root.i - i), 0 if i > place.root.i else 1

    return all(distance(mine) <= distance(r) for r in rivals)

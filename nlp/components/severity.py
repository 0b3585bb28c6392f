"""``frontline_severity``: find words that report how badly someone was hurt.

Patterns come from ``nlp/data/severity.jsonl`` (label = contract severity, ``span.id_``
= the pattern's id). A negation before a serious word or governing it ("not thought to
be life-threatening or life-changing", "not seriously hurt") demotes it to ``injured``
(id ``<pattern>+negated``); a negated or attempted killing ("nobody was killed", "tried
to murder") and a serious word naming a charge ("causing grievous bodily harm") are
dropped. Writes ``doc.spans["frontline_severity"]``.
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from nlp.datafiles import load_jsonl
from nlp.extensions import SPANS_SEVERITY
from nlp.lexicon import terms

logger = logging.getLogger(__name__)

_NEGATIONS = {"not", "n't", "no", "never", "without", "neither", "nor", "none", "nobody"}


_ATTEMPT_WORDS = {"attempt", "attempted", "try", "trying", "tried", "plot", "plotting", "conspiracy",
                  "conspire", "intent", "intend", "threaten", "threat", "solicit"}
"""Words that make a killing word hypothetical ("guilty of trying to murder an officer")."""
_ESCAPE_VERBS = {"escape", "avoid", "spare", "save", "prevent"}
"""Verbs that turn a serious word into a lesser injury ("escaped serious injury")."""
_INJURY_HEADS = {"injury", "injuries", "wound", "wounds", "condition", "harm", "burn", "burns",
                 "fracture", "fractures", "cut", "cuts", "damage", "trauma", "state"}
_PEOPLE = {"he", "she", "they", "officer", "constable", "pc", "sergeant", "man", "woman", "who"}
_HURT_VERBS = {"injure", "hurt", "wound", "burn", "beat", "cut", "hit", "harm", "injured",
               "wounded"}


def _about_injury(span: Span) -> bool:
    """Does a "serious" word describe a person's injuries (not "serious disorder")?"""
    root = span.root
    as_before = span.start > 0 and span.doc[span.start - 1].lower_ == "as"
    if root.dep_ in ("acomp", "oprd") or as_before or (
            root.dep_ == "amod" and root.head.pos_ not in ("NOUN", "PROPN")):
        return _predicate_of_injury(span)  # "condition was described as serious", misparsed
    if root.dep_ == "amod" or (root.dep_ == "compound" and root.pos_ == "ADJ"):
        return root.head.lemma_.lower() in _INJURY_HEADS or root.head.lower_ in _INJURY_HEADS
    if root.dep_ == "advmod":
        if root.head.lemma_.lower() in _HURT_VERBS or root.head.lower_ in _HURT_VERBS:
            return True
        return _elliptic_of_hurt(span)  # "twenty were injured, two of them seriously"
    if root.lower_ in ("intensive",):
        return True
    return True


def _elliptic_of_hurt(span: Span, window: int = 8) -> bool:
    """Does the adverb end a clause that left out its verb ("one seriously,") after a hurt
    verb a few tokens before ("Three officers were hurt, one seriously")?"""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    if nxt is not None and not nxt.is_punct and nxt.lower_ not in ("and", "after", "when"):
        return False
    if span.root.head.pos_ not in ("NUM", "PRON", "NOUN"):
        return False
    left = doc[max(span.start - window, span.sent.start): span.start]
    return any(t.lemma_.lower() in _HURT_VERBS or t.lower_ in _HURT_VERBS for t in left)


def _predicate_of_injury(span: Span, window: int = 6) -> bool:
    """Is a predicate adjective ("... described as serious") said of an injury noun: the
    object or subject of the verb it completes ("described his injuries at the time as
    serious"), else the nearest noun before it, within ``window`` tokens of its sentence?"""
    doc = span.doc
    verb = span.root
    for _ in range(3):
        if verb.head is verb or verb.pos_ in ("VERB", "AUX"):
            break
        verb = verb.head
    for arg in verb.children:
        if arg.dep_ in ("dobj", "nsubj", "nsubjpass") and arg.lemma_.lower() in _INJURY_HEADS:
            return True
    for tok in reversed(doc[max(span.start - window, span.sent.start): span.start]):
        if tok.pos_ in ("NOUN", "PROPN", "PRON"):
            return tok.lemma_.lower() in _INJURY_HEADS | _PEOPLE or tok.lower_ in _INJURY_HEADS
    return False


_CLIMB_DEPS = {"conj", "acomp", "xcomp", "advmod", "attr", "oprd", "cc", "amod", "dobj", "nsubj",
               "nsubjpass"}
"""Dependencies a negation reaches across: "not thought to be life-threatening or
life-changing" negates both adjectives through the verb that governs them."""


def _negated_by_governor(span: Span, hops: int = 4) -> bool:
    """Is a verb governing ``span`` (through complements and conjuncts, not into another
    clause) negated ("his injuries are not thought to be life-threatening or life-changing")?"""
    tok = span.root
    for _ in range(hops):
        if tok.dep_ not in _CLIMB_DEPS or tok.head is tok:
            return False
        tok = tok.head
        if any(c.dep_ == "neg" for c in tok.children):
            return True
        if any(c.dep_ in ("nsubj", "nsubjpass") and (
                c.lower_ in ("none", "neither", "nobody", "nothing")
                or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children))
               for c in tok.children):
            return True  # "none of their injuries is thought to be life-threatening"
        if tok.pos_ in ("NOUN", "PROPN") and tok.dep_ not in ("dobj", "nsubj", "nsubjpass"):
            return False
    return False


_OUTCOME_VERBS = {"suffer", "sustain", "receive", "leave", "need", "require", "treat", "describe",
                  "remain", "be", "have", "undergo", "say"}


def _charge_name(span: Span, cues: frozenset[str], hops: int = 6) -> bool:
    """Is a serious word part of the name of a charge ("charged with causing grievous bodily
    harm", "convicted of causing serious injury by dangerous driving"), not the outcome
    ("charged with wounding an officer who suffered serious injuries")?"""
    doc = span.doc
    if span.root.lower_ == "grievous" and span.end < len(doc) and doc[span.end].lower_ == "bodily":
        return True
    tok = span.root
    for _ in range(hops):
        if tok.head is tok:
            return False
        tok = tok.head
        if tok.lemma_.lower() in _OUTCOME_VERBS:
            return False
        if tok.lower_ in cues:
            return True
    return False


_HURT_PREDICATES = {"hurt", "injured", "harmed", "wounded"}
"""Words that say someone was hurt: negated ("neither officer was hurt") they say the
opposite, unlike a negated "hospital" ("none needed hospital treatment"), which says nothing."""


_DEGREE_ADVERBS = {"seriously", "badly", "severely", "gravely", "critically", "grievously"}


def _dead_as_modifier(span: Span, people: frozenset[str]) -> bool:
    """Is "dead" a plain adjective of a thing ("a dead end", "the dead of night"), not of a
    person ("the dead officer") or a predicate ("was found dead")?"""
    root = span.root
    if root.lower_ != "dead":
        return False
    if root.dep_ in ("amod", "compound"):
        return root.head.lemma_.lower() not in people
    return root.dep_ in ("nsubj", "pobj", "dobj") and any(c.dep_ == "prep" for c in root.children)


class SeverityFinder:
    """Match outcome words (died, critical, taken to hospital, unhurt) to severity levels."""

    def __init__(self, nlp: Language, name: str, patterns_file: str, negation_window: int) -> None:
        self.name = name
        self.window = negation_window
        self.matcher = Matcher(nlp.vocab)
        self.levels: dict[str, str] = {}
        for row in load_jsonl(patterns_file, ("severity", "pattern")):
            self.levels[row["id"]] = row["severity"]
            self.matcher.add(row["id"], [row["pattern"]])
        self.charge_cues = terms("charge_cue")
        self.people = terms("officer") | terms("other_victim") | _PEOPLE

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            pattern = doc.vocab.strings[match_id]
            label = self.levels[pattern]
            if label == "serious" and not _about_injury(doc[start:end]):
                continue  # "serious disorder", "badly damaged"
            span = doc[start:end]
            if label == "killed" and _dead_as_modifier(span, self.people):
                continue  # "ended up in a dead end"
            if label == "killed" and span.root.lower_ == "death" and "life" in {
                    t.lower_ for t in doc[max(start - 2, 0):start]}:
                continue  # "a life and death situation"
            if label == "serious" and _charge_name(span, self.charge_cues):
                continue  # "charged with causing grievous bodily harm"
            left = doc[max(start - self.window, doc[start].sent.start): start]
            negated = any(t.lower_ in _NEGATIONS for t in left) or _negated_by_governor(span)
            escaped = any(t.lemma_.lower() in _ESCAPE_VERBS for t in left)
            if label == "killed" and (negated or any(
                    t.lemma_.lower() in _ATTEMPT_WORDS for t in left)):
                continue  # "nobody was killed", "tried to murder": no death
            if label in ("serious", "killed") and (negated or escaped):
                label, pattern = "injured", f"{pattern}+negated"
            elif label == "injured" and negated and (end - start) == 1:
                if doc[start].lower_ not in _HURT_PREDICATES or any(
                        c.dep_ == "advmod" and c.lower_ in _DEGREE_ADVERBS
                        for c in doc[start].children):
                    continue  # "none needed hospital treatment"; "not seriously hurt"
                label, pattern = "uninjured", f"{pattern}+negated"  # "none of the officers needed hospital treatment"
            spans.append(Span(doc, start, end, label=label, span_id=pattern))
        doc.spans[SPANS_SEVERITY] = filter_spans(spans)
        return doc


@Language.factory(
    "frontline_severity",
    default_config={"patterns_file": "severity.jsonl", "negation_window": 6},
)
def make_severity_finder(
    nlp: Language, name: str, patterns_file: str, negation_window: int
) -> SeverityFinder:
    """Factory of :class:`SeverityFinder`."""
    return SeverityFinder(nlp, name, patterns_file, negation_window)

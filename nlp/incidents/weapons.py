"""How an incident's officers were attacked: the weapon categories of its attacks.

A weapon counts when it lies in the clause of an attack word, is the instrument or agent
of the attack (:func:`nlp.weapon_roles.weapon_in_role`) and is nearer to this incident's
attack words than to another's in the same sentence. No weapon: ``unknown``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from nlp.attack import Attack
from nlp.extensions import SPANS_WEAPONS
from nlp.incidents.reading import Group, Reading, other_events, spans_in
from nlp.lexicon import terms
from nlp.weapon_roles import refine_weapons, weapon_in_role


def read_weapons(reading: Reading, group: Group
                 ) -> tuple[tuple[str, ...], Span | None, str]:
    """The sorted weapon categories of ``group``, the first sentence naming one and the
    ids of the weapon patterns that matched. The headline speaks only when the body names
    no weapon (it often names the story's other events: "... after knife attack")."""
    doc = reading.doc
    cats: list[str] = []
    used: list[Span] = []
    evidence = None
    body = [a for a in group.attacks if not a.in_title]
    for attack in body + [a for a in group.attacks if a.in_title]:
        if attack.in_title and cats:
            break
        scope = _scope(attack)
        for w in spans_in(doc, SPANS_WEAPONS, attack.sent):
            if w.root.i not in scope or not weapon_in_role(w):
                continue
            if not reading.nearest_is(group, attack.sent, w.root.i):
                continue  # "slashed with a knife in Basildon, and another bitten in ..."
            used.append(w)
            if w.label_ not in cats:
                cats.append(w.label_)
                evidence = evidence or attack.sent
    driven = None if cats else next((a for a in group.attacks if _by_a_driver(a)), None)
    if driven is not None:
        return ("vehicle",), driven.sent, "driver"
    if not cats:
        return ("unknown",), group.sents[0] if group.sents else None, ""
    cats = refine_weapons(cats, used)
    rules = sorted({w.id_ for w in used if w.label_ in cats})
    return tuple(sorted(cats)), evidence, " ".join(rules)


_DRIVERS = {"driver", "motorist", "motorcyclist", "rider", "biker", "joyrider", "joyriders"}
_DRIVER_VERBS = {"hit", "strike", "knock", "run", "mow", "drag", "plough", "ram", "clip"}


def _by_a_driver(attack: Attack) -> bool:
    """Is the attack a driver's doing with a verb of hitting ("a driver who knocked down a
    sergeant", "a motorist hit a PC"): the vehicle is the weapon though no car is named."""
    verb = attack.trigger
    if verb.lemma_.lower() not in _DRIVER_VERBS:
        return False
    doers = [c for c in verb.children if c.dep_ == "nsubj"]
    if verb.dep_ == "relcl":
        doers.append(verb.head)  # "a driver who knocked down ..."
    doers += [g for c in verb.children if c.dep_ == "agent" for g in c.children]
    return any(d.lemma_.lower() in _DRIVERS for d in doers)


def _done_to_others(clause: Token) -> set[int]:
    """Tokens of the clauses under ``clause`` that tell what was done to someone else
    ("... near where three girls were killed in a stabbing"): their weapons are not the
    officers'."""
    others = terms("other_victim")
    out: set[int] = set()
    for tok in clause.subtree:
        if tok is not clause and tok.pos_ in ("VERB", "AUX") and any(
                c.dep_ in ("nsubjpass", "dobj") and c.lemma_.lower() in others
                for c in tok.children):
            out |= {t.i for t in tok.subtree}
    return out


def _scope(attack: Attack) -> set[int]:
    """The tokens whose weapons belong to ``attack``: a headline's whole sentence (less
    what it says was done to others); else the clause of its attack word."""
    if attack.in_title:
        return set(range(attack.sent.start, attack.sent.end)) - _done_to_others(
            attack.sent.root)
    clause = attack.trigger
    if clause.dep_ == "pobj" and clause.head.lower_ == "under":
        clause = clause.head.head  # "came under attack from youths throwing ..."
    while clause.head is not clause and (clause.dep_ == "conj" or (
            clause.dep_ == "advcl" and clause.tag_ == "VBG")):
        clause = clause.head  # "reversed into the car, injuring both officers"
    scope = ({t.i for t in clause.subtree} - _done_to_others(clause)
             - other_events(attack.sent.doc, attack.sent)) | {attack.trigger.i}
    if clause.dep_ in ("xcomp", "advcl") and clause.head.lemma_.lower() == "use":
        # "petrol bombs and stones were used to attack police"
        scope |= {t.i for c in clause.head.children if c.dep_ in ("nsubjpass", "dobj")
                  for t in c.subtree}
    edge = max(scope)
    # "knocked him unconscious | with a single punch" hung elsewhere by the parser
    for tok in attack.sent:
        if 0 < tok.i - edge <= 2 and tok.lower_ in ("with", "by"):
            scope |= {t.i for t in tok.subtree}
    return scope

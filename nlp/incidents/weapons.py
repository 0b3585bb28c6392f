"""How an incident's officers were attacked: the weapon categories of its attacks.

A weapon counts when it lies in the clause of an attack word, is the instrument or agent
of the attack (:func:`nlp.weapon_roles.weapon_in_role`) and is nearer to this incident's
attack words than to another's in the same sentence. No weapon: ``unknown``.
"""

from __future__ import annotations

from spacy.tokens import Span

from nlp.attack import Attack
from nlp.extensions import SPANS_WEAPONS
from nlp.incidents.reading import Group, Reading, spans_in
from nlp.weapon_roles import refine_weapons, weapon_in_role


def read_weapons(reading: Reading, group: Group
                 ) -> tuple[tuple[str, ...], Span | None, str]:
    """The sorted weapon categories of ``group``, the first sentence naming one and the
    ids of the weapon patterns that matched."""
    doc = reading.doc
    cats: list[str] = []
    used: list[Span] = []
    evidence = None
    for attack in group.attacks:
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
    if not cats:
        return ("unknown",), group.sents[0] if group.sents else None, ""
    cats = refine_weapons(cats, used)
    rules = sorted({w.id_ for w in used if w.label_ in cats})
    return tuple(sorted(cats)), evidence, " ".join(rules)


def _scope(attack: Attack) -> set[int]:
    """The tokens whose weapons belong to ``attack``: a headline's whole sentence; else the
    clause of its attack word."""
    if attack.in_title:
        return set(range(attack.sent.start, attack.sent.end))
    clause = attack.trigger
    if clause.dep_ == "pobj" and clause.head.lower_ == "under":
        clause = clause.head.head  # "came under attack from youths throwing ..."
    while clause.head is not clause and (clause.dep_ == "conj" or (
            clause.dep_ == "advcl" and clause.tag_ == "VBG")):
        clause = clause.head  # "reversed into the car, injuring both officers"
    scope = {t.i for t in clause.subtree}
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

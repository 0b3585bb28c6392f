"""Is a weapon word the instrument of the attack, and which categories to keep.

"Hit with a bottle", "a car reversed into her" and "threw a brick" name how an
officer was attacked; "after pulling over a van", "the car park" and "his first
Taser shot" do not. Used by ``frontline_incidents``.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

_THROW_WORDS = {"throw", "hurl", "pelt", "lob", "bombard", "thrown", "hurled", "pelted", "threw"}
_BITE_WORDS = {"bitten", "bite", "bit", "bites"}


def refine_weapons(cats: list[str], spans: list[Span]) -> list[str]:
    """"Acid was thrown": corrosive, not also blunt; "bitten" by a dog: the dog."""
    out = list(cats)
    blunt = [s for s in spans if s.label_ == "blunt"]
    thrown_only = blunt and all(s.root.lemma_.lower() in _THROW_WORDS or s.root.lower_ in
                                _THROW_WORDS for s in blunt)
    if thrown_only and set(out) & {"incendiary", "corrosive", "spitting", "bladed", "other"}:
        out.remove("blunt")
    bodily = [s for s in spans if s.label_ == "bodily"]
    if "animal" in out and bodily and all(s.root.lower_ in _BITE_WORDS for s in bodily):
        out.remove("bodily")
    elif bodily and len(out) > 1 and all(s.id_ == "struck-body" and not _struck_by_hand(s, spans)
                                         for s in bodily):
        out.remove("bodily")  # "struck in the face with a bottle": the bottle says how
    firearm = [s for s in spans if s.label_ == "firearm"]
    if firearm and "incendiary" in out and all(s.id_ == "fired-at" for s in firearm):
        out.remove("firearm")  # "fireworks were fired at officers"
    return out


def _struck_by_hand(span: Span, spans: list[Span]) -> bool:
    """Is a "hit ... in the face" done by someone with no weapon: active, with a subject
    ("he hit one of them in the face"), and no other weapon in its sentence? Passive ("was
    struck in the chest") leaves the instrument to the rest of the story (a bullet, a brick)."""
    verb = span[0]
    active = any(c.dep_ == "nsubj" for c in verb.children) and not any(
        c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    return active and not any(o.label_ != "bodily" and o.sent == span.sent for o in spans)


_WEAPON_HEADS = {"attack", "assault", "wound", "injury", "bomb", "can", "canister", "point", "fire",
                 "shot", "blast", "thug", "man", "attacker", "gang", "yob", "raider", "maniac",
                 "wielder", "cut", "slash", "bite", "mark", "strike", "blow", "punch", "kick"}
"""Nouns a weapon word may modify and still be the weapon ("a knife attack", "knife
wounds", "a petrol can", "a knife thug"); any other head makes it a name ("a petrol
station", "knife crime")."""

_STUN_WORDS = {"taser", "tasers", "stun", "stungun"}

_POLICE_AGENTS = {"officer", "officers", "police", "pc", "pcs", "constable", "sergeant",
                  "marksman", "marksmen", "policeman", "policemen"}


_THINGS = {"car", "van", "vehicle", "cars", "vans", "vehicles", "bus", "building", "house",
           "station", "shop", "bin", "bins", "hotel", "mosque", "property", "lorry", "truck"}


def _sets_a_thing_alight(span: Span) -> bool:
    """Is what was "set alight" a vehicle or building ("a police van set ablaze")?"""
    verb = span.root if span.root.lemma_.lower() == "set" else span[0]
    done_to = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("acl", "relcl", "conj") and not done_to:
        done_to = [verb.head]  # "three cars set alight", "van set ablaze"
    return any(t.lower_ in _THINGS or t.lemma_.lower() in _THINGS for t in done_to)


def _police_agent(verb: Token) -> bool:
    """Is the police the doer of ``verb`` (its active subject, or "by officers")?"""
    passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    for child in verb.children:
        if child.dep_ == "nsubj" and not passive and child.lower_ in _POLICE_AGENTS:
            return True
        if child.dep_ == "agent" and any(
                g.dep_ == "pobj" and g.lower_ in _POLICE_AGENTS for g in child.children):
            return True
    return False


_NOUN_ROLE_HEADS = {"with", "by", "behind", "under", "beneath", "from", "at"}
_AGENT_VERBS = {"hit", "strike", "ram", "reverse", "drive", "mount", "plough", "knock", "run",
                "drag", "smash", "crash", "career", "mow", "hurtle", "speed", "accelerate",
                "injure", "fly", "land", "break", "shatter", "bite", "attack", "maul", "catch",
                "throw", "hurl", "rain", "explode", "go", "leave", "wound", "kill", "swerve",
                "collide", "slam", "charge", "lunge", "savage", "pin", "crush", "trap", "set",
                "use"}
_WIELD_VERBS = {"throw", "hurl", "use", "wield", "brandish", "produce", "draw", "swing",
                "fire", "drive", "ram", "reverse", "set", "pelt", "lob", "launch", "aim", "point",
                "grab", "carry", "arm", "hold"}


def weapon_in_role(span: Span) -> bool:
    """A weapon noun counts when it is the instrument or agent of the attack ("with a
    machete", "hit by a car", "threw a bottle"), not a van someone was "pulling over"."""
    root = span.root
    if any(t.lower_ in ("taser", "tasers") for t in span.doc[max(span.start - 2, 0):span.end]):
        return False
    if span.label_ == "firearm" and root.pos_ == "VERB" and any(
            c.dep_ == "prep" and c.lower_ == "with" and any(
                g.lower_ in _STUN_WORDS for g in c.subtree) for c in root.children):
        return False  # "shot with his own Taser": the Taser (other) is the weapon, not a gun
    if root.pos_ in ("AUX", "ADP", "DET", "PRON") or (
            root.pos_ == "PROPN" and not root.is_sent_start and span.id_ != "vehicle-nouns"):
        return False  # "can" the modal, "Salt Ferry"; but "struck by a Vauxhall"
    if root.pos_ == "VERB" and _police_agent(root):
        return False  # "armed officers shot the man", "he was Tasered and shot by police"
    if span.label_ == "blunt" and root.pos_ == "VERB" and any(
            c.dep_ in ("prt", "prep") and c.lower_ in ("out", "off") for c in root.children):
        return False  # "thrown out of a bar": not a missile
    if root.pos_ == "VERB" or len(span) > 1 and span[0].pos_ == "VERB":
        # "throwing one of them onto the bonnet": a person thrown is not a missile
        return not (span.label_ == "blunt" and any(
            c.dep_ in ("dobj", "nsubjpass") and (c.pos_ in ("PRON", "NUM", "PROPN") or
                                                 c.lemma_ in ("officer", "constable"))
            for c in root.children))
    if span.label_ == "firearm" and root.lower_ in ("shot", "shots") and any(
            t.lower_ in ("taser", "tasers") for t in span.sent):
        return False  # "his first Taser shot had no effect"
    if span.label_ == "animal":
        # the dog that bit, "set his dog on", "attacked by a dog"; not the horse knocked from
        if any(c.lower_ == "police" for c in root.children):
            return False  # police dogs and horses are victims, not weapons
        head = root
        while head.dep_ in ("appos", "compound") and head.head is not head:
            head = head.head
        return (head.dep_ in ("nsubj", "nsubjpass") and head.head.lemma_.lower() in _AGENT_VERBS
                or head.dep_ == "pobj" and head.head.lower_ in ("by", "with")
                or head.dep_ == "dobj" and head.head.lemma_.lower() in ("set", "unleash", "use"))
    if span.id_ == "set-alight" and _sets_a_thing_alight(span):
        return False  # "a police van was set alight": a target, not the officers' attacker
    if len(span) == 1 and root.dep_ == "compound" and root.head.lemma_.lower() not in _WEAPON_HEADS:
        return False  # "a petrol station", "knife crime", "a knife amnesty bin"
    if span.label_ in ("bladed", "firearm", "spitting", "corrosive", "incendiary"):
        return True
    if span.label_ == "bodily":
        return root.lower_ not in ("scratches", "scratch")
    if root.dep_ == "compound":
        return False  # "car park", "bottle bank"
    if span.label_ == "vehicle" and (
            any(c.lower_ in ("police", "patrol", "marked") for c in root.children)
            or root.dep_ == "pobj" and root.head.lower_ in ("at", "into", "on")):
        return False  # the police car bricks were thrown at is the target, not the weapon
    head = root
    while head.dep_ in ("conj", "appos", "compound") and head.head is not head:
        head = head.head
    if head is not root and head.lower_ in _POLICE_AGENTS:
        return False  # "thrown at officers and three cars set alight": a target too
    if head.dep_ in ("nsubj", "nsubjpass"):
        # "a car hit him", "bricks were thrown"; not "his car was stopped", nor the cars
        # that "were hijacked and set on fire"
        verb = head.head
        if head.dep_ == "nsubjpass" and any(v.lemma_.lower() == "set" for v in (verb, *verb.conjuncts)):
            return False
        return verb.lemma_.lower() in _AGENT_VERBS
    if head.dep_ == "pobj" and head.head.lower_ in _NOUN_ROLE_HEADS:
        return True
    return head.dep_ in ("dobj", "obj") and head.head.lemma_.lower() in _WIELD_VERBS

"""``frontline_attacks``: find statements that police officers or staff were attacked.

Uses the dependency parse, not word counts. Which words are attack words, officers,
cues and so on is data (``nlp/data/lexicon.jsonl``); how an attack word reaches who it
was done to (object, "at", "on", "of", "under attack") is spaCy ``DependencyMatcher``
patterns in ``nlp/data/attack_relations.jsonl``, whose ids name the rule. An attack is
recorded when

* an attack verb's patient is police: the passive subject ("a PC was stabbed", also
  when the parser files "was spat at" under the copula, shares one auxiliary between
  "caught by a car and dragged", or loses the subject, found by walking left), the
  direct object ("struck the sergeant"), or the object of "at/into/on" ("drove at
  officers", "spat into the mouth of an officer");
* an attack noun has "on/against" police ("an assault on a PC"), "of" police ("the
  killing of PC Jones"), or police "came under attack / a barrage";
* "assaulting an emergency worker" is charged in a story about police.

Police means officer words (officer, PC, constable, sergeant, PCSO, police staff),
named officers ("Sgt Patel"), an officer's body part, "lines of officers", a police
van with officers inside, and pronouns or "both/one of them" when the last person
spoken of was an officer. Prison, fire or foreign officers are not police; an active
verb whose object is a pronoun counts only when a common noun (man, car) is the
agent, so the officer who "grabbed him" is not attacked.

Statements that are generic (present tense, modals, "regularly"), statistics, fiction,
accidents or totals of 100+ officers are kept but marked not specific. Headlines get
a looser officer-word-plus-attack-word rule. Also marks each severity span with
``about_police``: is the outcome said of an officer ("the murder of PC X", the clause's
subject, else the nearest person named before it)?

Writes ``doc._.attacks`` (list of :class:`nlp.attack.Attack`) and ``doc._.relevant``
(preliminary; ``frontline_incidents`` finalises it).
"""

from __future__ import annotations

import logging

from spacy.language import Language
from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Span, Token

from nlp.attack import Attack
from nlp.datafiles import load_jsonl
from nlp.lexicon import terms

logger = logging.getLogger(__name__)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "both": 2, "pair": 2, "a": 1, "an": 1,
    "dozen": 12, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}
_PRONOUNS = {"he", "she", "him", "her", "they", "them", "both", "pair", "one", "colleague",
             "colleagues", "two", "three", "four", "other", "others", "another", "each"}
_GROUP_NOUNS = {"line", "lines", "ranks", "cordon", "group", "groups", "team", "number", "van",
                "vans", "car", "patrol", "face", "faces", "head", "heads", "direction", "mouth",
                "hand", "hands", "arm", "arms", "leg", "legs", "eye", "eyes", "body", "neck"}
_PLURAL_PRONOUNS = {"they", "them", "both", "pair", "two", "three", "four", "others"}
_MODALS = {"should", "would", "could", "must", "may", "might", "will", "can", "shall", "ought"}
_INJURY_NOUNS = {"injury", "injuries", "wound", "wounds", "fracture", "fractures", "cut", "cuts",
                 "concussion", "bruising", "gash", "bite", "laceration"}
_INSTITUTIONS = {"court", "bailey", "council", "jury", "inquest", "tribunal"}
_INJURED_PARTS = {"broken", "fractured", "dislocated", "black", "bloody", "split", "swollen",
                  "cracked"}
_ATTACK_FORMS = {"spat", "bitten", "rammed", "stabbed", "shot", "hit", "struck", "dragged",
                 "slashed", "headbutted", "punched", "kicked", "knifed", "assaulted", "attacked"}
_POLICE_VEHICLES = {"car", "van", "vehicle", "cars", "vans", "vehicles", "carrier", "motorbike"}
_EMPTY_VEHICLE = {"parked", "empty", "unoccupied", "abandoned", "unattended", "stationary"}
"""What makes a rammed police vehicle no attack on officers unless they are named."""
_RECORD_WORDS = {"first", "latest", "worst", "deadliest", "biggest", "last", "only", "second"}
"""How a story ranks its attack against earlier ones ("the first ... since 2017")."""
_ASPECT_VERBS = {"begin", "start", "continue", "keep", "carry", "resume"}
"""Verbs whose -ing complement tells what happened ("began throwing bottles at officers")."""
_WEEKDAY_WORDS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_OBSERVER_VERBS = {"describe", "say", "tell", "treat", "confirm", "praise", "add", "explain",
                   "report", "thank", "commend", "find", "assess", "examine", "check"}
"""Verbs whose subject watches or tells (a doctor, a witness), not a new topic."""
_OUTCOME_VERBS = {"injure", "hurt", "wound", "kill"}
_CLAUSE_WORDS = {"after", "when", "while", "because", "as", "before", "that", "which", "who",
                 "until", "since", "if"}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_TREND_WORDS = {"compared", "cent", "risen", "rise", "rose", "increase", "increased", "fell",
                "fallen", "total"}


RELATIONS = "attack_relations.jsonl"


def _expand_lexicon(pattern: list[dict]) -> list[dict]:
    """A DependencyMatcher pattern with each ``"@kind"`` list replaced by the lexicon's words."""
    out = []
    for node in pattern:
        attrs = {}
        for key, value in node["RIGHT_ATTRS"].items():
            if isinstance(value, dict) and isinstance(value.get("IN"), str) and \
                    value["IN"].startswith("@"):
                value = {"IN": sorted(terms(value["IN"][1:]))}
            attrs[key] = value
        out.append({**node, "RIGHT_ATTRS": attrs})
    return out


def _everyone_unhurt(span: Span) -> bool:
    """"No one was injured", "nobody was hurt": an outcome said of everyone there."""
    words = [t.lower_ for t in span[:2]]
    return span.label_ == "uninjured" and (words[:1] == ["nobody"] or words == ["no", "one"])


def _antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for ("a man who ... hitting him": the man)."""
    if tok.lower_ in ("who", "that", "which") and tok.head.dep_ == "relcl":
        return tok.head.head
    return tok


def _governing_verb(tok: Token) -> Token | None:
    """The verb a noun or pronoun hangs on, through prepositions ("drove a car at them")."""
    head = tok
    for _ in range(3):
        if head.head is head:
            return None
        head = head.head
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ not in ("prep", "pobj", "dobj", "pcomp"):
            return None
    return None


class AttackFinder:
    """Dependency rules for "an officer was attacked"."""

    def __init__(
        self, nlp: Language, name: str, use_title: bool, left_walk: int, statistics_count: int
    ) -> None:
        self.name = name
        self.matcher = DependencyMatcher(nlp.vocab)
        self.hows: dict[str, str] = {}
        for row in load_jsonl(RELATIONS, ("how", "pattern")):
            self.hows[row["id"]] = row["how"]
            self.matcher.add(row["id"], [_expand_lexicon(row["pattern"])])
        self.use_title = use_title
        self.left_walk = left_walk
        self.statistics_count = statistics_count
        self.attack_verbs = terms("attack_verb")
        self.attack_nouns = terms("attack_noun")
        self.officer_words = terms("officer")
        self.titles = terms("officer_title")
        self.injury_verbs = terms("injury_verb")
        self.directed_verbs = terms("directed_verb")
        self.other_victims = terms("other_victim")
        self.other_emergency = terms("other_emergency_worker")
        self.body_parts = terms("body_part")
        self.not_police = terms("not_police_modifier")
        self.generic_adverbs = terms("generic_adverb")
        self.unrealised_governors = terms("unrealised_governor")
        self.generic_cues = terms("generic_sentence_cue")
        self.statistics_cues = terms("statistics_cue")
        self.accident_cues = terms("accident_cue")

    def relations(self, doc: Doc) -> dict[int, list[tuple[Token, str]]]:
        """For each token, who its relations (``nlp/data/attack_relations.jsonl``) say it
        was done to: ``(patient, how)`` in the order of the trigger's children."""
        found: dict[int, list[tuple[int, int, Token, str]]] = {}
        for match_id, ids in self.matcher(doc):
            how = self.hows[doc.vocab.strings[match_id]]
            found.setdefault(ids[0], []).append((ids[1], ids[-1], doc[ids[-1]], how))
        return {i: [(patient, how) for _, _, patient, how in sorted(set(rows), key=lambda r: r[:2])]
                for i, rows in found.items()}

    # -- who is who -------------------------------------------------------------------
    def officer_noun(self, tok: Token) -> bool:
        """True if ``tok`` itself names police (officer, PC Smith, police staff)."""
        lower = tok.lower_
        lemma = tok.lemma_.lower()
        if lemma in self.officer_words or lower in self.officer_words:
            if any(c.dep_ in ("compound", "amod", "nmod") and (
                    c.lower_ in self.not_police or any(  # "Border Force officer"
                        g.dep_ in ("compound", "amod") and g.lower_ in self.not_police
                        for g in c.children))
                   for c in tok.children):
                return False
            compound_only = {"police", "special", "mounted", "detective", "inspector", "chief"}
            return not (lower in compound_only and tok.dep_ == "compound")
        if tok.pos_ == "PROPN":
            for child in tok.children:
                if child.dep_ in ("compound", "nmod", "appos") and child.lower_ in self.titles:
                    return True
            # "Pc John Smith": the title may hang on the first name
            for child in tok.children:
                if child.dep_ == "compound":
                    for grand in child.children:
                        if grand.dep_ == "compound" and grand.lower_ in self.titles:
                            return True
        if lower in {"worker", "workers"} and any(c.lower_ == "emergency" for c in tok.children):
            words = {t.lower_ for t in tok.sent}
            return bool(words & {"suspicion", "arrested", "charged", "admitted", "pleaded",
                                 "counts", "count", "denies", "denied"}) and not (
                words & {"maximum", "law", "act", "legislation", "sentences"}
            ) and not self._other_emergency_worker(tok.doc)
        if lower in {"patrol", "patrols", "cordon", "cordons", "line", "lines"} and any(
                c.lower_ == "police" for c in tok.children):
            return True  # "a petrol bomb was thrown at a police patrol"
        return lower in {"staff", "members"} and any(c.lower_ == "police" for c in tok.subtree)

    def _other_emergency_worker(self, doc: Doc) -> bool:
        """Does the story speak of an emergency worker who is not police (a paramedic,
        firefighter, prison officer) other than as helper ("treated by paramedics")? Then
        an "assaulting an emergency worker" charge may well be about them."""
        for tok in doc:
            other = tok.lemma_.lower() in self.other_emergency or (
                tok.lemma_.lower() in ("officer", "guard", "worker", "staff") and any(
                    c.dep_ in ("compound", "amod") and c.lower_ in self.not_police
                    for c in tok.children))  # "prison officers", "security guard"
            if other:
                if tok.head.lower_ == "by" or (tok.i > 0 and doc[tok.i - 1].lower_ == "by"):
                    continue
                return True
        return False

    def other_victim(self, tok: Token) -> bool:
        if tok.lower_ in _INSTITUTIONS or (
                tok.dep_ == "compound" and tok.head.lower_ in _INSTITUTIONS):
            return False  # "Grimsby Crown Court heard", tagged PERSON by the small model
        return tok.lemma_.lower() in self.other_victims or (
            tok.ent_type_ == "PERSON" and not self.officer_noun(tok)
        )

    def is_police(self, tok: Token, state: dict) -> bool:
        """``tok`` names police directly, or is a pronoun/"both" standing for officers."""
        if not tok.is_lower and any(
                f.start <= tok.i < f.end for f in tok.doc.spans.get("frontline_forces", [])):
            return False  # "MPs attacked the Metropolitan Police over ...": the institution
        if self.officer_noun(tok):
            return True
        lower = tok.lower_
        if lower in ("who", "that", "whom", "which"):
            return tok.head.dep_ == "relcl" and self.officer_noun(tok.head.head)
        if any(c.dep_ == "poss" and self.officer_noun(c) for c in tok.children):
            return True  # "bit an officer's finger"
        if lower in self.body_parts and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(
                    self.officer_noun(o) or any(g.dep_ == "poss" and self.officer_noun(g)
                                                for g in o.children)
                    for o in c.children)
                for c in tok.children):
            return True  # "the face of an officer", "part of an officer's ear"
        if lower in _POLICE_VEHICLES:
            return self._police_vehicle(tok, state)
        if lower in _GROUP_NOUNS:  # "the lines of officers"
            return any(c.dep_ == "prep" and c.lower_ == "of" and any(
                self.officer_noun(o) for o in c.children) for c in tok.children)
        if lower in _PRONOUNS or (tok.pos_ == "NUM" and lower in NUMBER_WORDS):
            # "one of the officers", "both of them"
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if self.officer_noun(obj) or (obj.lower_ in ("them", "us")
                                                      and self._officer_before(obj)):
                            return True
            return bool(state.get("officer_in_focus")) or self._officer_before(tok)
        return False

    def _police_vehicle(self, tok: Token, state: dict) -> bool:
        """Is a rammed vehicle police-occupied: "a police van" (not "a parked police van"
        unless officers are named in the sentence or in focus), or the officers' own ("officers escaped injury when a car rammed their van")?"""
        officers_near = bool(state.get("officer_in_focus")) or any(
            self.officer_noun(t) and t.i != tok.i for t in tok.sent)
        if any(c.lower_ in ("police", "patrol") for c in tok.children):
            return officers_near or not any(c.lower_ in _EMPTY_VEHICLE for c in tok.children)
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        return owner is not None and owner.lower_ in ("their", "his", "her") and (
            self._officer_before(owner) or bool(state.get("officer_in_focus")))

    def _officer_before(self, tok: Token) -> bool:
        """An officer is the last person named before ``tok`` in its sentence, not counting
        the doer of the verb ``tok`` depends on ("officers escaped injury when a man drove
        at them": "them" are the officers, not the man)."""
        governing = _governing_verb(tok)
        agents = {c.i for c in governing.children if c.dep_ == "nsubj"} \
            if governing is not None else set()
        plural = tok.lower_ in _PLURAL_PRONOUNS
        for prev in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if prev.pos_ not in ("NOUN", "PROPN") or prev.i in agents:
                continue
            if plural and prev.tag_ in ("NN", "NNP"):
                continue  # "officers were talking to a man when he hit one of them"
            if self.officer_noun(prev):
                return True
            if self.other_victim(prev):
                if prev.dep_ == "dobj" and any(
                        c.dep_ == "nsubj" and self.officer_noun(c) for c in prev.head.children):
                    continue  # "when officers asked people to leave, ... threw bottles at them"
                return False
        return False

    def possessor(self, tok: Token, state: dict) -> bool | None:
        """Whose injuries an object names ("doctors described his injuries as serious",
        "the suspect's injuries"): True for an officer, False for anyone else, None when
        no possessor says so or the subject suffered them ("he suffered injuries to his
        face", left to :meth:`subject_is_police`)."""
        if tok.pos_ == "ADJ":  # "described his injuries at the time as serious"
            verb = tok
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
                    break
                verb = verb.head
            tok = next((c for c in verb.children if c.dep_ == "dobj"), tok)
        if tok.dep_ not in ("dobj", "pobj", "nsubj", "nsubjpass"):
            return None
        owner = next((c for c in tok.children if c.dep_ == "poss"), None)
        if owner is None or tok.head.lemma_.lower() in ("suffer", "sustain", "receive", "have"):
            return None
        if self.officer_noun(owner):
            return True
        if self.other_victim(owner):
            return False
        if owner.lower_ in ("his", "her", "their"):
            return bool(state.get("officer_in_focus")) or self._officer_before(owner)
        return None

    def subject_is_police(self, tok: Token, state: dict) -> bool | None:
        """Is the subject of the clause ``tok`` sits in an officer ("the officer, who had
        intervened in a row between two men, was in a critical condition")? None when
        the clause has no noun or pronoun subject."""
        head = tok
        for _ in range(5):
            if head.pos_ in ("VERB", "AUX"):
                break
            if head.head is head:
                return None
            head = head.head
        subjects = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if not subjects and head.dep_ == "conj":
            subjects = [c for c in head.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        # nearest first: "A teenager who bit a PC so hard he needed treatment" gives
        # "needed" two subjects when misparsed
        for sub in sorted(subjects, key=lambda c: abs(head.i - c.i)):
            if self.officer_noun(sub):
                return True
            if sub.lower_ in ("he", "she", "they", "both", "each", "one", "neither"):
                return bool(state.get("officer_in_focus"))
            if self.other_victim(sub):
                return False
        return None

    def of_whom(self, tok: Token, state: dict) -> bool | None:
        """Whose outcome an outcome noun names when it says so with "of" ("the murder of PC
        Smith", "the death of the man"): True for police, False for anyone else, None when
        the noun has no "of" person."""
        if tok.pos_ not in ("NOUN", "PROPN"):
            return None
        for prep in tok.children:
            if prep.dep_ != "prep" or prep.lower_ != "of":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                if self.is_police(obj, state):
                    return True
                if obj.pos_ in ("NOUN", "PROPN"):
                    return False
        return None

    def person_before(self, tok: Token, state: dict) -> bool | None:
        """Is the nearest person named before ``tok`` (same sentence) an officer?
        None when nobody is named before it (places are not people)."""
        places = {i for p in tok.doc.spans.get("frontline_places", [])
                  if p.sent == tok.sent for i in range(p.start, p.end)}
        for prev in reversed(list(tok.sent[: tok.i - tok.sent.start])):
            if prev.i in places:
                continue  # "Grimsby", tagged PERSON by the small model
            if self.officer_noun(prev):
                return True
            if prev.lower_ in ("he", "she", "they", "him", "her", "both", "each", "pair"):
                return bool(state.get("officer_in_focus"))
            if prev.pos_ in ("NOUN", "PROPN", "INTJ", "X") and self.other_victim(prev):
                return False  # headlines' "Boy, 14, killed": the tagger says INTJ
            if prev.pos_ == "PROPN" and prev.dep_ in ("nsubj", "nsubjpass"):
                if prev.lower_ in _INSTITUTIONS or prev.ent_type_ in (
                        "ORG", "GPE", "FAC", "LOC"):
                    continue  # "Grimsby Crown Court heard the injury was life-changing"
                return False  # a named person who is not introduced as an officer
        return None

    # -- counting ---------------------------------------------------------------------
    def count(self, tok: Token) -> int | None:
        """How many officers ``tok`` stands for (None when plural with no number)."""
        if tok.lower_ in ("patrol", "patrols", "cordon", "cordons", "line", "lines"):
            return None  # "a police patrol": officers, how many unsaid
        if tok.lower_ in _POLICE_VEHICLES:
            inside = [t for t in tok.sent if self.officer_noun(t) and t.i != tok.i]
            return self.count(inside[0]) if inside else None
        for child in tok.children:
            if child.dep_ in ("nummod", "amod", "det", "quantmod") and child.lower_ in NUMBER_WORDS:
                return NUMBER_WORDS[child.lower_]
            if child.dep_ == "nummod" and child.like_num:
                try:
                    return int(child.text.replace(",", ""))
                except ValueError:
                    pass
        lower = tok.lower_
        if lower in NUMBER_WORDS and lower not in ("a", "an"):
            return NUMBER_WORDS[lower]
        if tok.tag_ in ("NNS", "NNPS"):
            # "Seventeen Norfolk officers": the number hung on a compound by the parser
            for left in tok.doc[tok.left_edge.i:tok.i]:
                if left.lower_ in NUMBER_WORDS and NUMBER_WORDS[left.lower_] > 2 and (
                        left.lower_ not in ("dozen", "third", "fourth", "fifth", "sixth")):
                    return NUMBER_WORDS[left.lower_]
                if left.tag_ == "CD" and left.text.replace(",", "").isdigit():
                    return int(left.text.replace(",", ""))
        if tok.tag_ in ("NNS", "NNPS") or lower in _PLURAL_PRONOUNS:
            return None
        return 1

    def count_all(self, tok: Token, state: dict) -> int | None:
        """How many officers ``tok`` and its police conjuncts stand for ("assaulted him and
        a colleague": two); None when any of them is an unnumbered plural."""
        police = [p for p in self._expand(tok) if self.is_police(p, state)]
        if len(police) < 2:
            return self.count(police[0] if police else tok)
        counts = [self.count(p) for p in police]
        known = [c for c in counts if c is not None]
        return None if len(known) < len(counts) else sum(known)

    # -- genericity -------------------------------------------------------------------
    def unrealised(self, verb: Token, children: list[Token]) -> bool:
        """An attack only feared, planned or threatened: "about to headbutt a colleague",
        "threatened to stab officers", "vowed to kill a PC" (an attempt still counts)."""
        if verb.tag_ != "VB" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
            return False
        return verb.head.lemma_.lower() in self.unrealised_governors

    def generic_verb(self, verb: Token, patient: Token | None) -> bool:
        children = list(verb.children)
        if verb.dep_ in ("acomp", "attr") and verb.head.lemma_ == "be":
            # "officers are regularly spat at": tense and adverbs hang on the copula
            children += list(verb.head.children)
            if verb.head.tag_ in ("VBZ", "VBP"):
                return True
        for child in children:
            if child.lower_ in self.generic_adverbs or (
                    child.lower_ in _MODALS and child.tag_ == "MD"):  # not "on Sunday, May 7"
                return True
            if child.lower_ == "times" and any(  # "assaulted 11 times in the last year"
                    c.like_num and c.text.isdigit() and int(c.text) > 1
                    or c.lower_ in NUMBER_WORDS and NUMBER_WORDS[c.lower_] > 1
                    for c in child.children):
                return True
            if (child.dep_ in ("aux", "auxpass") and child.tag_ in ("VBZ", "VBP", "MD")
                    and child.lower_ not in ("has", "have")):
                return True
            if child.dep_ == "neg":
                return True
        if verb.tag_ in ("VBZ", "VBP") and not any(c.dep_ == "auxpass" for c in verb.children):
            return True
        head = verb.head if verb.dep_ == "conj" else verb
        if any(c.dep_ == "auxpass" and c.lower_ == "being" for c in head.children):
            # "accept being assaulted" is talk; "after being hit by a car" is an event
            chain = [head.head, head.head.head]
            if not any(t.lower_ in ("after", "when", "while", "before", "by") for t in chain) and \
                    not any(c.dep_ in ("mark", "prep") and c.lower_ in ("after", "when", "while")
                            for c in head.children):
                return True
        if self.unrealised(verb, children):
            return True
        if patient is not None:
            if any(c.dep_ == "det" and c.lower_ in ("no", "any", "every") for c in patient.children):
                return True
            if patient.tag_ == "NNS" and not any(
                c.dep_ in ("det", "nummod", "poss", "amod") for c in patient.children
            ) and verb.tag_ == "VBG" and not (
                    verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _ASPECT_VERBS):
                return True  # "officers face being spat at"; not "fans began throwing at officers"
        return False

    def generic_sentence(self, sent: Span, patient: Token, deliberate: bool = False) -> bool:
        """Statistics, fiction and accidents: "assaulted at a rate of once a day"."""
        words = {t.lower_ for t in sent}
        if any(phrase in sent.text.lower() for phrase in terms("weariness_phrase")):
            return True  # "officers are tired of being punched, kicked and spat at"
        if "accident and emergency" in sent.text.lower():
            words.discard("accident")  # the hospital department, not a road accident
        if words & self.generic_cues or (words & self.accident_cues and not deliberate):
            return True
        count = self.count(patient)
        if words & self.statistics_cues and count is None:
            return True
        if words & self.statistics_cues and count is not None and count >= 10:
            return True  # "in the week it has published figures for, 34 officers were ..."
        if count is not None and count >= self.statistics_count:
            return True  # "288 left officers injured": a yearly total, not one episode
        if count is not None and count >= 5 and self._over_a_period(sent):
            return True  # "17 officers were assaulted over the festive period"
        for tok in sent:
            if tok.like_num and tok.head is not patient and (
                    tok.head.lemma_.lower() in ("assault", "attack", "incident", "offence", "case")
                    or tok.dep_ in ("nsubj", "nsubjpass")):
                try:
                    value = float(tok.text.replace(",", ""))
                except ValueError:
                    continue
                if 50 <= value < 1900 or value > 2100:
                    return True
        return count is None and self._bare(patient) and self._after_statistics(sent)

    @staticmethod
    def _over_a_period(sent: Span) -> bool:
        """Does ``sent`` count over a period ("over the festive period", "during the
        summer", "in the past year", "11 times") rather than tell one episode?"""
        periods = terms("aggregate_period")
        for tok in sent:
            if tok.lower_ == "between" and any(
                    c.dep_ == "pobj" and any(g.dep_ == "conj" for g in c.children)
                    and (c.ent_type_ == "DATE" or c.lower_ in _WEEKDAY_WORDS)
                    for c in tok.children):
                return True  # "between Friday 28 and Sunday 30 June": a count over days
            if tok.lower_ in ("times",) and any(c.like_num or c.lower_ in NUMBER_WORDS
                                                for c in tok.children):
                return True
            if tok.lower_ in periods and tok.head.lower_ in ("over", "during", "throughout",
                                                             "since", "across"):
                return True
            if tok.lower_ in periods and any(c.lower_ in ("past", "last", "latest", "previous")
                                             for c in tok.children) \
                    and tok.head.lower_ in ("in", "over", "during"):
                return True
        return False

    @staticmethod
    def _bare(patient: Token) -> bool:
        """"Officers" with no article, number or possessive: officers in general."""
        return patient.tag_ in ("NNS", "NNPS") and not any(
            c.dep_ in ("det", "nummod", "poss", "amod", "compound") for c in patient.children)

    def _after_statistics(self, sent: Span) -> bool:
        """Does ``sent`` follow, in the same paragraph, a sentence of figures ("The force
        recorded 412 assaults on officers in 2023. Officers were spat at, punched and
        kicked.") and name no place or day of its own?"""
        doc = sent.doc
        if sent.start == 0 or "\n\n" in doc[sent.start - 1].text_with_ws:
            return False
        if any(sent.start <= s.start < sent.end for key in ("frontline_places", "frontline_dates")
               for s in doc.spans.get(key, [])):
            return False
        prev = doc[sent.start - 1].sent
        words = {t.lower_ for t in prev}
        if words & (self.statistics_cues | _TREND_WORDS):
            return True
        return any(t.like_num and t.text.replace(",", "").isdigit()
                   and 50 <= int(t.text.replace(",", "")) < 1900 for t in prev)

    def generic_noun(self, noun: Token, patient: Token) -> tuple[bool, int]:
        """(generic?, repeat) for an attack noun: "two separate attacks" is specific, twice."""
        if any(c.dep_ == "det" and c.lower_ in ("any", "every", "no", "each") for c in noun.children):
            return True, 1  # "any attack on an officer is unacceptable"
        if any(c.dep_ == "amod" and c.lower_ in _RECORD_WORDS for c in noun.children) and any(
                t.lower_ == "since" for t in noun.sent):
            return True, 1  # "the first gun attack on an officer there since 2017": a record
        if noun.tag_ == "NNS":
            number = None
            for child in noun.children:
                if child.dep_ == "nummod" and child.lower_ in NUMBER_WORDS:
                    number = NUMBER_WORDS[child.lower_]
            separate = any(c.lower_ in ("separate", "different") for c in noun.children)
            if number and number <= 4 and separate:
                return False, number
            return True, 1
        dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss", "nummod")}
        if not dets and noun.dep_ not in ("pobj", "dobj") and noun.lemma_ != "assault":
            return True, 1
        if noun.lemma_ in ("violence",):
            return True, 1
        return False, 1

    # -- rules --------------------------------------------------------------------------
    def _subjects(self, verb: Token) -> list[Token]:
        subs = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
        if not subs and verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head  # "left him injured after hitting him": the leaver hit
        if not subs and verb.dep_ in ("conj", "xcomp", "advcl", "prep") and verb.head.pos_ in (
                "VERB", "AUX"):
            subs = [c for c in verb.head.children if c.dep_ in ("nsubjpass", "nsubj")]
            if not subs and verb.head.dep_ == "conj":
                subs = [c for c in verb.head.head.children if c.dep_ in ("nsubjpass", "nsubj")]
        return subs

    def _expand(self, tok: Token) -> list[Token]:
        """A patient and its conjuncts ("the officer and his colleague")."""
        return [tok, *[c for c in tok.conjuncts]]

    def find_in_sentence(self, sent: Span, state: dict, in_title: bool) -> list[Attack]:
        attacks: list[Attack] = []
        for tok in sent:
            lemma = tok.lemma_.lower()
            lower = tok.lower_
            if tok.pos_ in ("VERB", "AUX") or tok.tag_ in ("VBN", "VBD", "VBG") or (
                lower in _ATTACK_FORMS
            ):
                if lemma in self.attack_verbs or lower in self.attack_verbs or lower in (
                    _ATTACK_FORMS
                ):
                    attacks += self._verb_rule(tok, sent, state, in_title)
                elif lemma in self.directed_verbs:
                    attacks += [a for a in self._verb_rule(tok, sent, state, in_title)
                                if a.rule == "verb-at"]
                elif lemma in self.injury_verbs:
                    objects = [c for c in tok.children if c.dep_ == "dobj"]
                    if not in_title and not any(
                        o.lemma_.lower() in _INJURY_NOUNS or any(  # "a broken finger"
                            c.dep_ == "amod" and c.lower_ in _INJURED_PARTS for c in o.children)
                        for o in objects
                    ):
                        continue
                    for sub in self._subjects(tok):
                        if (self.officer_noun(sub) or in_title or sub.lower_ in (
                                "another", "one", "other")) and self.is_police(sub, state) \
                                and not self.generic_sentence(sent, sub) \
                                and not self.generic_verb(tok, sub):
                            attacks.append(Attack(sent, tok, (sub,), self.count(sub), True,
                                                  in_title, rule="injury"))
            if tok.pos_ in ("NOUN", "PROPN") and (lemma in self.attack_nouns or lower in (
                "attack", "attacks", "assault", "assaults")):
                attacks += self._noun_rule(tok, sent, state, in_title)
        return attacks

    def _verb_rule(self, verb: Token, sent: Span, state: dict, in_title: bool) -> list[Attack]:
        found: list[Attack] = []
        perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in verb.children)
        active_conj = verb.dep_ == "conj" and any(
            c.dep_ == "nsubj" for c in verb.head.children) and not any(
            c.dep_ == "auxpass" for c in verb.head.children)  # "became aggressive and hit out"
        passive = any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or (
            verb.tag_ == "VBN" and not perfect and not active_conj
            and verb.dep_ in ("acl", "conj", "relcl", "advcl", "ccomp", "ROOT", "amod")
        ) or (  # "was spat at and punched": parsed as acomp/conj of the copula
            verb.dep_ in ("acomp", "attr", "conj") and verb.head.lemma_ == "be"
        ) or (  # "was caught by a car and dragged along": the auxiliary is shared
            verb.dep_ == "conj" and any(c.dep_ == "auxpass" for c in verb.head.children)
            and not any(c.dep_.startswith("nsubj") for c in verb.children)
        )
        candidates: list[tuple[Token, str]] = []
        if passive:
            subs = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if not subs and verb.dep_ in ("acomp", "attr") and verb.head.lemma_ == "be":
                subs = [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subs:
                subs = self._subjects(verb)
            if not subs and verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
                subs = [verb.head]
            if not subs and verb.dep_ == "amod" and verb.lemma_.lower() not in _OUTCOME_VERBS:
                subs = [verb.head]  # "the stabbed officer"; "attacked PC Hall" misparsed
            if not subs and verb.dep_ in ("advcl", "pcomp", "pobj") or (
                not subs and verb.head.dep_ == "prep"
            ):
                head = verb.head
                while head.pos_ not in ("VERB", "AUX") and head.dep_ in (
                        "prep", "pcomp", "pobj", "advcl") and head.head is not head:
                    head = head.head
                subs = [c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")]
            candidates += [(s, "passive") for s in subs]
        candidates += [(patient, how) for patient, how in state["relations"].get(verb.i, ())
                       if how in ("object", "at")]
        if passive and not any(self.is_police(t, state) for t, _ in candidates):
            left = self._patient_to_the_left(verb, state)
            if left is not None:
                candidates.append((left, "passive"))
        for tok, how in candidates:
            for patient in self._expand(tok):
                if how == "object" and verb.lemma_ in ("fire", "throw", "drag", "knock") and not (
                    self.is_police(patient, state)
                ):
                    continue
                if not self.is_police(patient, state):
                    continue
                quantified = any(c.dep_ == "prep" and c.lower_ == "of" for c in patient.children)
                if how == "at" and patient.pos_ == "NUM" and not quantified:
                    continue  # "attacked him at about five to eight": a time, not people
                if how == "object" and not self.officer_noun(patient) and not quantified:
                    # "grabbed him": allowed only when a common noun (man, driver, car) acts
                    subs = [_antecedent(t) for t in self._subjects(verb)]
                    if not subs or any(self.officer_noun(t) for t in subs) or all(
                            t.pos_ in ("PROPN", "PRON") for t in subs):
                        continue
                if how != "passive" and any(
                    c.dep_ == "nsubj" and self.officer_noun(c) for c in verb.children
                ):
                    continue  # "the officer hit a colleague"? too rare; officer as agent
                deliberate = how == "at" and verb.lemma_.lower() in self.directed_verbs
                generic = self.generic_verb(verb, patient) or self.generic_sentence(
                    sent, patient, deliberate)  # "driven at a cordon but crashed" is no accident
                found.append(Attack(sent, verb, (patient,), self.count_all(tok, state), not generic,
                                    in_title, rule=f"verb-{how}"))
                break
        return found

    def _patient_to_the_left(self, verb: Token, state: dict) -> Token | None:
        """Parses of "an officer responding to a call in X was spat at" lose the subject:
        walk left from the verb to the nearest officer, stopping at another person or a
        finite verb of another clause."""
        sent = verb.sent
        for i in range(verb.i - 1, max(sent.start, verb.i - self.left_walk) - 1, -1):
            tok = verb.doc[i]
            if tok.dep_ in ("aux", "auxpass") or tok.lower_ in ("was", "were", "been", "being"):
                continue
            if tok.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and self.officer_noun(tok):
                return tok
            if tok.pos_ in ("NOUN", "PROPN") and self.other_victim(tok):
                return None
            if tok.tag_ in _FINITE and tok.pos_ == "VERB":
                return None
            if tok.dep_ in ("nsubj", "nsubjpass") or tok.lower_ in _CLAUSE_WORDS:
                return None
        return None

    def _noun_rule(self, noun: Token, sent: Span, state: dict, in_title: bool) -> list[Attack]:
        found: list[Attack] = []
        relations = state["relations"].get(noun.i, ())
        patients = [p for p, how in relations if how == "on"]
        # "the killing of PC Smith", "the death of an officer" (when attacks are the topic)
        if noun.lemma_.lower() in terms("of_noun"):
            words = {t.lemma_.lower() for t in sent}
            if noun.lemma_.lower() != "death" or words & {"attack", "kill", "murder", "stab",
                                                          "shoot", "drag", "assault"}:
                patients += [p for p, how in relations if how == "of"]
        # "came under attack": the subject of the governing verb
        patients += [p for p, how in relations if how == "under"]
        for tok in patients:
            for patient in self._expand(tok):
                if not self.is_police(patient, state):
                    continue
                generic, repeat = self.generic_noun(noun, patient)
                if noun.head.dep_ == "prep" and noun.head.lower_ == "under":
                    generic = self.generic_verb(noun.head.head, patient)
                elif tok.dep_.startswith("nsubj") and noun.head.pos_ == "VERB":
                    # "endured a severe assault": tense and modals are the verb's
                    generic = generic or self.generic_verb(noun.head, patient)
                elif tok.dep_.startswith("nsubj") and noun.head.head.pos_ == "VERB":
                    generic = generic or self.generic_verb(noun.head.head, patient)
                generic = generic or self.generic_sentence(sent, patient)
                found.append(Attack(sent, noun, (patient,), self.count(patient), not generic,
                                    in_title, repeat=repeat, rule="noun"))
                break
        return found

    def _title_rule(self, sent: Span) -> list[Attack]:
        """Headlines skip grammar ("PC stabbed in Leyton"): officer word + attack word."""
        officers = [t for t in sent if self.officer_noun(t) or t.lower_ in ("officers", "pc", "police")]
        triggers = [t for t in sent if t.lemma_.lower() in self.attack_verbs
                    or t.lower_ in ("stabbed", "shot", "spat", "rammed", "dragged", "hacked")
                    or t.lemma_.lower() in self.attack_nouns]
        if not officers or not triggers:
            return []
        for t in triggers:
            for child in t.children:
                if child.dep_ in ("dobj", "nsubj") and self.other_victim(child) and not self.officer_noun(child):
                    return []
        count = self.count(officers[0])
        specific = not (count is not None and count >= 5 and self._over_a_period(sent))
        # "Eleven officers assaulted over the weekend in Kent": a tally, not one attack
        return [Attack(sent, triggers[0], (officers[0],), count, specific, True, rule="title")]

    def _update_focus(self, sent: Span, state: dict) -> None:
        for tok in sent:
            if tok.dep_ in ("nsubj", "nsubjpass") and tok.lower_ in _PRONOUNS:
                return  # "They were treated by paramedics": the topic carries on
            if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and tok.pos_ in ("NOUN", "PROPN"):
                if self.officer_noun(tok):
                    state["officer_in_focus"] = True
                    return
                if tok.dep_ == "nsubj" and tok.head.lemma_.lower() in _OBSERVER_VERBS:
                    continue  # "Doctors described his injuries as serious": still the officer
                if self.other_victim(tok):
                    state["officer_in_focus"] = False
                    return

    def __call__(self, doc: Doc) -> Doc:
        attacks: list[Attack] = []
        state: dict = {"officer_in_focus": False, "relations": self.relations(doc)}
        title_end = doc._.title_end
        for sent in doc.sents:
            in_title = sent.start_char < title_end
            if in_title:
                found = self.find_in_sentence(sent, state, True)
                if not found and self.use_title:
                    found = self._title_rule(sent)
            else:
                found = self.find_in_sentence(sent, state, False)
            attacks += found
            self._update_focus(sent, state)
            if any(a.specific for a in found):
                state["officer_in_focus"] = True  # the officers attacked are now the topic
            for span in doc.spans.get("frontline_severity", []):
                if sent.start <= span.start < sent.end:
                    root = span.root
                    if _everyone_unhurt(span):
                        span._.about_police = True  # "no one was injured" takes in the officers
                        continue
                    if root.pos_ == "VERB" and any(
                            c.dep_ == "dobj" and self.officer_noun(c)
                            for c in root.children):
                        span._.about_police = True  # "injuring both officers"
                        continue
                    about = self.of_whom(span.root, state)
                    if about is None:
                        about = self.possessor(span.root, state)
                    if about is None:
                        about = self.subject_is_police(span.root, state)
                    if about is None:
                        about = self.person_before(span[0], state)
                    span._.about_police = bool(state.get("officer_in_focus")) if about is None \
                        else about
        doc._.attacks = attacks
        doc._.relevant = any(a.specific and not a.in_title for a in attacks)
        return doc


@Language.factory(
    "frontline_attacks",
    default_config={"use_title": True, "left_walk": 16, "statistics_count": 100},
)
def make_attack_finder(
    nlp: Language, name: str, use_title: bool, left_walk: int, statistics_count: int
) -> AttackFinder:
    """Factory of :class:`AttackFinder`.

    ``use_title``: read headlines with the looser headline rule; ``left_walk``: how far
    (tokens) to look left for the officer of a passive the parser lost;
    ``statistics_count``: officer counts from this up are yearly totals, not one episode.
    """
    return AttackFinder(nlp, name, use_title, left_walk, statistics_count)

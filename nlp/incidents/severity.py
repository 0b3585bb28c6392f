"""How badly an incident's officers were hurt, as the article's own words report it.

The worst outcome (:func:`nlp.mentions.severity_rank`) said of the officers
(``about_police``) in the incident's own sentences or the three after each attack,
nearest this incident's attack words, leaving out hypotheticals ("could have been
killed", "before someone is seriously injured"), sentences of totals and sentences about
someone else. A stabbing or shooting with no outcome said is ``injured``.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from nlp.extensions import SPANS_SEVERITY
from nlp.incidents.reading import Group, Reading, following, spans_in
from nlp.lexicon import terms
from nlp.mentions import severity_rank

_YEAR = re.compile(r"^(19|20)\d\d$")
WOUNDING_WEAPONS = ("bladed", "firearm")
"""Weapons whose use on an officer is itself an injury."""


def read_severity(reading: Reading, group: Group, weapons: tuple[str, ...]
                  ) -> tuple[str, Span | None]:
    """The severity of ``group`` (whose weapons are ``weapons``), and the outcome words it
    was read from (their sentence is the evidence, their ``id_`` the pattern)."""
    doc = reading.doc
    best: Span | None = None
    best_label = ""
    near = {s.start for a in group.attacks for s in following(a.sent, 3)}
    sole = len(reading.groups) == 1
    sents = group.sents + [s for s in group.context if s not in group.sents
                           and (s.start in near or sole and _names_officers(s))
                           and not _about_others(s) and not _another_episode(s)]
    if sole:  # "an attack that left an officer with a broken nose", told before the details
        sents += [s for s in group.leads + group.before if s not in sents
                  and s.start_char >= doc._.title_end and _mentions_officer(s)]
    for sent in sents:
        if sent not in group.sents and _statistics(sent):
            continue  # "There were 226 offences of ABH and 13 of GBH."
        for s in spans_in(doc, SPANS_SEVERITY, sent):
            if s._.about_police is False or not reading.nearest_is(group, sent, s.root.i):
                continue
            label = s.label_
            if _hypothetical(s):
                if not _near_death(s):
                    continue
                label = "serious"  # "would have died without surgery": life-threatening
            if best is None or severity_rank(label) < severity_rank(best_label):
                best, best_label = s, label
    if best is None:
        if any(w in weapons for w in WOUNDING_WEAPONS):
            return "injured", None
        return "unknown", None
    return best_label, best


def _near_death(span: Span) -> bool:
    """"Almost died", "nearly died", "would have died without surgery": a death the officer
    came close to, which is a life-threatening injury (unlike "could have been killed")."""
    if span.root.lemma_.lower() != "die":
        return False
    doc = span.doc
    window = [t.lower_ for t in doc[max(span.start - 4, span.sent.start):span.start]]
    after = [t.lower_ for t in doc[span.end:min(span.end + 3, span.sent.end)]]
    return bool({"almost", "nearly"} & set(window)) or (
        "would" in window and bool({"without", "but", "had", "if"} & set(after)))


def _hypothetical(span: Span) -> bool:
    """"Attempted murder", "could have been killed", "a matter of time before someone is
    seriously injured", "said he hoped he had broken his jaw"."""
    doc = span.doc
    window = doc[max(span.start - 4, span.sent.start):span.start]
    left = window.text.lower()
    words = [t.lower_ for t in window if not t.is_punct]  # "'almost died'": no quote stuck on
    if span.label_ == "killed" and ("attempt" in left or any(
            w in words for w in terms("hypothetical_cue") | terms("near_miss_cue"))):
        return True
    if span.label_ in ("killed", "serious") and _before_clause(span):
        return True  # "got clear before he was seriously hurt"
    return any(w in words for w in terms("anyone") | terms("wish_cue")) or (
        span.label_ in ("killed", "serious") and any(w in words for w in terms("hypothetical_cue")))


def _before_clause(span: Span) -> bool:
    """Does ``span`` sit in a clause introduced by "before" or "until" (what was avoided or
    had not yet happened: "pulled away before he was badly hurt")?"""
    tok = span.root
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in ("before", "until") for c in tok.children):
            return True
        if tok.head is tok or tok.dep_ in ("ROOT",):
            return False
        tok = tok.head
    return False


def _statistics(sent: Span) -> bool:
    """A sentence of totals: a count of 100 or more (not a year), or "offences"."""
    for tok in sent:
        if tok.lower_ in terms("statistics_noun"):
            return True
        if tok.like_num and not _YEAR.match(tok.text):
            try:
                if float(tok.text.replace(",", "")) >= 100:
                    return True
            except ValueError:
                continue
    return False


def _names_officers(sent: Span) -> bool:
    """Does ``sent`` speak of the officers by name or title as its subject ("the officers
    had not been seriously hurt", "PC Smith is recovering")? Such an outcome, however far
    down the story, is theirs when the story tells one incident."""
    officers = terms("officer")
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.lemma_.lower() in officers
               and t.lower_ != "police" for t in sent)


_ANOTHER_EPISODE = re.compile(
    r"^\W*(?:elsewhere|separately|meanwhile)\b|\b(?:another|a separate|an unrelated) "
    r"(?:incident|attack|case)\b", re.I)


def _another_episode(sent: Span) -> bool:
    """Does ``sent`` tell another episode ("In another incident an officer needed hospital
    treatment ...")? Its outcome is not this incident's."""
    return bool(_ANOTHER_EPISODE.search(sent.text.strip()))


def _mentions_officer(sent: Span) -> bool:
    """Does ``sent`` name an officer at all ("left a police officer with ...")?"""
    officers = terms("officer") - {"police", "colleague"}
    return any(t.lemma_.lower() in officers and t.dep_ != "compound" for t in sent)


def _about_others(sent: Span) -> bool:
    """Is the first subject of ``sent`` somebody other than an officer (the man, the
    driver, a paramedic)?"""
    for tok in sent:
        if tok.dep_ in ("nsubj", "nsubjpass"):
            return tok.lemma_.lower() in terms("other_person_subject")
    return False

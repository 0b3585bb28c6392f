"""When an incident happened.

"The attack happened on 2 December" first; then the incident's own resolved dates ("on
Sunday" before "today", nearest its attack word); then those of the sentences setting the
scene, before it (nearest first) and after it; never the day of a court step ("convicted
on Thursday"); else the date of a round-up's summary sentence.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Span, Token

from nlp.extensions import SPANS_DATES
from nlp.incidents.reading import Group, Reading, group_years, other_events, spans_in
from nlp.lexicon import terms


def read_date(reading: Reading, group: Group) -> tuple[dt.date | None, Span | None]:
    """The date of ``group``'s attack, and the date expression it was read from (its
    label says what kind: ``explicit``, ``weekday``, ``relative``)."""
    doc = reading.doc
    years = group_years(group)

    def usable(d: Span) -> bool:  # not a court step, nor another year than the attack's
        return d._.date is not None and d.label_ != "span" and not court_date(d) and (
            not years or d._.date.year in years)

    for sent in group.sents + group.context:
        for d in spans_in(doc, SPANS_DATES, sent):
            if d._.date is not None and _dates_the_attack(d) and not _about_others(sent) \
                    and d.root.i not in other_events(doc, sent):
                return d._.date, d  # "The attack happened on 2 December."
    own = [d for sent in group.sents for d in spans_in(doc, SPANS_DATES, sent)
           if usable(d) and reading.nearest_is(group, sent, d.root.i)
           and d.root.i not in other_events(doc, sent)]
    triggers = {a.trigger.i for a in group.attacks}
    for d in own:
        if d.label_ != "relative" or _attached_to(d, triggers):
            return d._.date, d  # "on Sunday", or "attacked overnight"
    if not own and all(_vaguely_dated(a.trigger) for a in group.body):
        return None, None  # "earlier in the week officers were attacked": no day said
    for sents in (group.leads, group.before, group.context):
        found = [d for sent in sents for d in spans_in(doc, SPANS_DATES, sent) if usable(d)]
        firm = [d for d in found if d.label_ != "relative"]
        if firm or found:
            return (firm or found)[0]._.date, (firm or found)[0]
    if own:  # "kept in overnight": the best there is
        return own[0]._.date, own[0]
    for sent in reading.summary_sents:
        # "Officers were attacked in two separate incidents on Sunday night."
        for d in spans_in(doc, SPANS_DATES, sent):
            if usable(d) and d.label_ != "relative":
                return d._.date, d
    return None, None


def _vaguely_dated(trigger: Token) -> bool:
    """Is the attack word dated by a period, not a day ("earlier in the week", "last
    month", "in recent weeks")?"""
    vague = terms("vague_period")
    return any(c.dep_ in ("advmod", "npadvmod", "prep") and any(
        t.lower_ in vague for t in c.subtree) for c in trigger.children)


def court_date(date: Span) -> bool:
    """"Convicted at the Old Bailey on Thursday": the date of a court step."""
    tok = date.root
    for _ in range(4):
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ != "aux" or tok.head is tok:
            break
        tok = tok.head
    words = {tok.lemma_.lower()} | {c.lemma_.lower() for c in tok.children
                                     if c.dep_ in ("dobj", "prep")}
    words |= {"court" for c in tok.children  # "Halton Magistrates Court heard on Thursday"
              if c.dep_ == "nsubj" and c.lower_ == "court"}
    words |= {g.lemma_.lower() for c in tok.children if c.dep_ == "prep" for g in c.children}
    if words & terms("court_cue"):
        return True
    # "a hearing at Chelmsford Crown Court on Thursday, March 18" (not "the court heard
    # that on 8 July ...", which dates what the court was told)
    before = list(date.doc[max(date.start - 6, date.sent.start):date.start])
    for k, tok in enumerate(before):
        if tok.lower_ in ("court", "hearing"):
            return not any(t.pos_ in ("VERB", "AUX") for t in before[k + 1:])
    return False


def _dates_the_attack(date: Span) -> bool:
    """Is ``date`` the date of "the attack/incident happened (took place, occurred)"?"""
    verb = date.root.head
    if verb.dep_ == "prep" or verb.pos_ == "ADP":
        verb = verb.head
    if verb.lemma_.lower() not in terms("happen_verb"):
        return False
    if verb.lemma_.lower() == "take" and not any(c.lower_ == "place" for c in verb.children):
        return False
    return any(c.dep_ == "nsubj" and c.lemma_.lower() in terms("event_noun")
               for c in verb.children)


def _about_others(sent: Span) -> bool:
    """Does ``sent`` speak of people other than officers ("the scene of a knife attack on
    children that took place on Monday") and of no officer?"""
    words = {t.lemma_.lower() for t in sent}
    return bool(words & (terms("other_victim") | {"girl", "boy", "child", "children"})) and \
        not words & terms("officer")


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

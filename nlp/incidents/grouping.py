"""Which attack statements of an article are one attack.

Statements follow one another in the current incident; a new incident starts when a
statement names a place the incident has not *and* the text says it is another attack
("in a separate incident", "two hours later", "In Chatham, ...", "At 10.10am ...", a new
day, another year, another force, a newly named officer in another force area), or for
each of "two separate attacks". Summaries ("eight assaults across Kent") told one by one
afterwards are dropped; a headline joins the incident when there is only one.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from nlp.attack import Attack
from nlp.extensions import SPANS_DATES, SPANS_FORCES, SPANS_PLACES
from nlp.incidents.dates import court_date
from nlp.incidents.reading import (
    Group,
    Reading,
    attack_places,
    group_places,
    group_years,
    lead,
    other_events,
    place_tokens,
    scene_places,
    spans_in,
    years_named,
)
from nlp.lexicon import terms
from nlp.mentions import place_rank

_TIME = re.compile(r"^\d{1,2}([.:]\d{2})?(am|pm|hrs)?$")
_STRONG_SEPARATOR = re.compile(
    r"^\W*(?:separately|elsewhere|in (?:a|another) separate (?:incident|attack)|in another "
    r"(?:incident|attack))\b", re.I)
"""An opening that says the sentence tells another attack, wherever it was."""
_INTRODUCING = {"a", "an", "another", "two", "three", "four", "five", "six"}


def read_groups(doc: Doc, attacks: list[Attack], max_repeat: int) -> Reading:
    """The specific ``attacks`` of ``doc`` grouped into incidents, each with the sentences
    around it (see the module docstring); ``max_repeat`` caps "two separate attacks"."""
    summaries: list[Span] = []
    attacks = _drop_summary_attacks(attacks, summaries)
    groups: list[Group] = []
    title: list[Attack] = []
    for attack in attacks:
        if attack.in_title:
            title.append(attack)
            continue
        if not groups or _starts_another(doc, attack, groups[-1], bool(summaries)):
            groups.append(Group([attack]))
        else:
            groups[-1].attacks.append(attack)
        for _ in range(min(attack.repeat, max_repeat) - 1):
            groups.append(Group([attack]))
    groups = _drop_summaries(doc, groups)
    if title:
        if not groups:
            groups.append(Group(title))
        elif len(groups) == 1:
            groups[0].attacks = title + groups[0].attacks
        # a headline over several incidents describes them all: it joins none
    _add_context(doc, groups)
    return Reading(doc, groups, summaries)


def _starts_another(doc: Doc, attack: Attack, current: Group, announced: bool = False) -> bool:
    """Does ``attack`` start a new incident after ``current``? ``announced``: the article
    said it tells several separate attacks ("two officers were hurt in two separate
    incidents"), so "Another suffered a cut ..." is the next one."""
    places = attack_places(doc, attack)
    known = group_places(doc, current)
    if places and not known and attack.sent not in current.sents and _cue_words(attack.sent):
        return True  # "In an incident in Newquay earlier this year, ..." after a placeless one
    new_place = bool(places) and bool(known) and not any(_same_place(p, known) for p in places)
    if not new_place:
        if attack.sent in current.sents:
            return False
        if _STRONG_SEPARATOR.match(attack.sent.text.strip()):
            return True  # "Separately, a police car was petrol-bombed ..." in the same district
        if announced and _opens_with_another(attack.sent):
            return True
        # "On Wednesday night, 19 officers had been injured in the same area": another night
        return _another_day(doc, attack, current)
    if attack.sent not in current.sents:
        return _separation_cue(doc, attack, current)
    last = max(a.trigger.i for a in current.attacks)
    # "..., and three officers were hurt in Hove"
    return attack.trigger.i > last and any(p.start > last for p in places)


def _opens_with_another(sent: Span) -> bool:
    """"Another suffered a cut ...", "The second officer ...", "In the other incident ..."."""
    words = [t.lower_ for t in sent if not (t.is_punct or t.is_space)][:3]
    return bool(words) and (words[0] == "another" or words[:2] in (
        ["the", "second"], ["the", "other"], ["a", "second"]) or words[:3] in (
        ["in", "the", "second"], ["in", "the", "other"], ["in", "another", "incident"]))


def _same_place(a: Span, places: list[Span]) -> bool:
    ta = place_tokens(a.text)
    return any(ta <= place_tokens(p.text) or place_tokens(p.text) <= ta for p in places)


def _separation_cue(doc: Doc, attack: Attack, group: Group) -> bool:
    """Does the text say this is another attack ("in a separate incident", "two hours
    later", "In Chatham, ...", another day, year or force)?"""
    sents = [attack.sent]
    scene = lead(doc, attack.sent)
    if scene is not None and scene not in group.sents and not scene_places(doc, attack.sent):
        sents.append(scene)
    if any(_says_another(doc, sent) for sent in sents):
        return True
    if _another_day(doc, attack, group, sents):
        return True  # "On Wednesday ..." after Monday's attack
    if _other_year(attack, group, _known_dates(doc, group)):
        return True  # "... recalled PC Harper, dragged behind a car in Berkshire in 2019"
    known_areas = {p._.force for p in group_places(doc, group) if p._.force}
    new_areas = {p._.force for p in attack_places(doc, attack) if p._.force}
    if known_areas and new_areas and not known_areas & new_areas and (
            _new_officer(attack) or _newly_named(attack, group)):
        return True  # "a sergeant in Newport" after an attack in Hull: another attack
    forces = {f._.force for s in group.sents for f in spans_in(doc, SPANS_FORCES, s)}
    named = {f._.force for f in spans_in(doc, SPANS_FORCES, attack.sent)}
    return bool(forces and named and not forces & named)


def _known_dates(doc: Doc, group: Group) -> set:
    """The resolved dates of a group's attack sentences and of those leading to them."""
    return {d._.date for s in group.sents + group.leads
            for d in spans_in(doc, SPANS_DATES, s)
            if d._.date is not None and d.root.i not in other_events(doc, s)}


def _another_day(doc: Doc, attack: Attack, group: Group, sents: list[Span] | None = None
                 ) -> bool:
    """Do ``sents`` (the attack's sentence by default) date the attack to a day the group
    has not (a weekday or a date, not "today"), said of the attack itself (not "... and
    died on Sunday")?"""
    known = _known_dates(doc, group)
    new = {d._.date for s in sents or [attack.sent] for d in spans_in(doc, SPANS_DATES, s)
           if d._.date is not None and d.label_ not in ("relative", "span")
           and not _on_other_verb(d, attack)
           and not court_date(d)}  # "passing sentence on Friday, the judge said ..."
    return bool(known and new and not new & known)


def _cue_words(sent: Span) -> bool:
    """"In a separate incident", "another", "Later, ...", "earlier this year"."""
    words = [t.lower_ for t in sent]
    return bool(set(words) & terms("separate_cue") or set(words[:8]) & terms("sequence_cue"))


def _says_another(doc: Doc, sent: Span) -> bool:
    """"In a separate incident", "Later, ...", "In Chatham, ...", "At 10.10am ..."."""
    if _cue_words(sent):
        return True
    lead_in = [t for t in sent[:4] if not (t.is_space or t.is_punct or t.dep_ == "cc")]
    first = lead_in[0] if lead_in else sent[0]
    if first.lower_ in terms("scene_lead_in") and any(
            p.start <= first.i + 4 for p in spans_in(doc, SPANS_PLACES, sent)):
        return True
    return first.lower_ in terms("clock_lead_in") and first.i + 1 < len(doc) and (
        doc[first.i + 1].like_num or bool(_TIME.match(doc[first.i + 1].lower_)))


def _drop_summary_attacks(attacks: list[Attack], summaries: list[Span]) -> list[Attack]:
    """"Two separate attacks on officers in Stoke" followed by the two, told one by one:
    the summary is not a third and fourth incident (its sentence goes to ``summaries``)."""
    counts, nouns = terms("summary_count"), terms("summary_noun")
    out = []
    for attack in attacks:
        summary = attack.repeat > 1 or any(
            t.lower_ in nouns and any(c.lower_ in counts for c in t.children)
            for t in attack.sent)
        later = [a for a in attacks if a.sent.start > attack.sent.end and not a.in_title]
        if summary and not attack.in_title and later:
            summaries.append(attack.sent)
            continue
        out.append(attack)
    return out


def _drop_summaries(doc: Doc, groups: list[Group]) -> list[Group]:
    """"Officers were attacked eight times across Kent": a county-wide summary of the
    specific incidents that follow is not an incident of its own."""
    if len(groups) < 2:
        return groups
    kept = []
    for group in groups:
        places = group_places(doc, group)
        coarse = places and min(place_rank(p._.kind) for p in places) >= 3
        plural = all(a.officers is None for a in group.body)
        forces = {p._.force for p in places}
        finer_elsewhere = any(
            other is not group and any(
                p._.force in forces and place_rank(p._.kind) < 3
                for p in group_places(doc, other))
            for other in groups
        )
        if not (coarse and plural and finer_elsewhere):
            kept.append(group)
    return kept or groups


def _add_context(doc: Doc, groups: list[Group]) -> None:
    """Give each group its ``leads``, ``before`` and ``context`` sentences."""
    sents = [s for s in doc.sents if s.start_char >= doc._.title_end and s.text.strip()]
    starts = [min((a.sent.start for a in g.body), default=0) for g in groups]
    attack_sents = {a.sent.start for g in groups for a in g.attacks}
    prev_end = 0
    for i, group in enumerate(groups):
        begin = starts[i]
        end = starts[i + 1] if i + 1 < len(groups) and starts[i + 1] > begin else len(doc)
        group.context = [s for s in sents if s.start >= begin and s.end <= end]
        group.before = [s for s in reversed(sents) if prev_end <= s.start < begin
                        and s.start not in attack_sents]
        group.leads = [scene for a in group.body for scene in [lead(doc, a.sent)]
                       if scene is not None and scene not in group.sents]
        body = [a.sent.end for a in group.body]
        prev_end = max(body) if body else prev_end


def _other_year(attack: Attack, group: Group, known_dates: set) -> bool:
    """Does the attack's sentence place it in a year ("in 2019", "in August 2011") other
    than those of the incident so far (its dates and the years its sentences name)? An
    incident with no year of its own says nothing ("a trial story dated only by year")."""
    years = years_named(attack.sent)
    current = {d.year for d in known_dates} | group_years(group)
    return bool(years and current) and not years & current


def _newly_named(attack: Attack, group: Group) -> bool:
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
        if any(c.dep_ in ("det", "nummod") and (c.lower_ in _INTRODUCING or c.like_num)
               for c in patient.children):
            return True  # "two officers", "30 officers"
    return False


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

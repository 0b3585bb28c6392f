"""frontline_attacks: who was attacked, read from the dependency parse."""

from __future__ import annotations

import pytest


def specific(doc) -> list:
    return [a for a in doc._.attacks if a.specific and not a.in_title]


@pytest.mark.parametrize(
    "text",
    [
        "A police officer was stabbed in the arm during an arrest in Bolton on Tuesday.",
        "A man punched a constable in the face outside a pub in Derby.",
        "Two officers were bitten and spat at while detaining a woman in Swindon.",
        "The suspect drove his car at a PC who had signalled him to stop in Hull.",
        "Sergeant Amy Clarke was knocked to the ground by a man in Carlisle last night.",
        "A man has been charged with assaulting an emergency worker after a PC was kicked "
        "in Luton.",
        "A gang of youths attacked two police officers in Bolton town centre.",
        "A man bit a police officer's finger during an arrest in Gloucester.",
        "A man lunged at two police officers with a knife in Swindon.",
        "Police were attacked with bottles and bricks during disorder in Sunderland.",
        "Roberts hurled bottles at the lines of officers outside the station.",
        "Petrol bombs were thrown at Kent police during disorder in Margate.",
        "When officers tried to restrain him in Anfield, he assaulted seven of them.",
        "The 18-year-old attacked PC James Hall with a kitchen knife on Broad Lane.",
        "Two officers were called to a fight in Margate. One was spat at and the other kicked.",
    ],
)
def test_attacks_on_officers_are_found(analyse, text: str) -> None:
    assert specific(analyse(text))


@pytest.mark.parametrize(
    "text",
    [
        # police using force on someone
        "Officers used a Taser on a man who was shouting at shoppers in Leeds.",
        # officer convicted of assault
        "A PC was found guilty of assaulting a teenager he had arrested in Coventry.",
        # policy with no specific attack
        "Every frontline officer in Dorset will be offered a Taser, the force said.",
        # attacks on other emergency workers only
        "Two paramedics were attacked by a patient in an ambulance in Exeter.",
        "Firefighters were pelted with stones while tackling a blaze in Salford.",
        # stabbing of a civilian that police investigate
        "A woman was stabbed in Norwich and police have arrested a man.",
        # statistics
        "Officers in Kent are assaulted every day, according to new figures.",
        "More than 30,000 assaults on officers were recorded last year.",
        # criticism of the institution
        "MPs have attacked the Metropolitan Police over its handling of the vigil.",
        # prison officers are not police
        "Three prison officers were attacked by an inmate at a jail in Wakefield.",
        # the officer is the one acting
        "CCTV showed him pushing the man across a table and striking him with his baton.",
        # fiction, talk and accidents
        "The fictional force has seen officers ambushed and shot in cold blood.",
        "Officers should not have to accept being abused or assaulted as part of their job.",
        "An off-duty officer was killed in a road crash while riding his motorbike.",
        # attacks only feared, planned or threatened
        "He told the court he feared the man was about to headbutt a colleague.",
        "The man threatened to stab officers if they came into the flat.",
        "She had planned to attack a police officer, the jury heard.",
    ],
)
def test_look_alikes_are_not_specific_attacks(analyse, text: str) -> None:
    assert not specific(analyse(text))


def test_pronoun_refers_back_to_officer(analyse) -> None:
    doc = analyse("A constable went to help a neighbour in Oldham. He was then stabbed twice.")
    assert specific(doc)


def test_officer_count(analyse) -> None:
    doc = analyse("Three officers were injured when bottles were thrown at them in Leicester.")
    assert max(a.officers or 0 for a in specific(doc)) == 3


def test_two_separate_attacks_repeat(analyse) -> None:
    doc = analyse("Police pointed to two separate attacks on officers in Merseyside this month.")
    assert any(a.repeat == 2 for a in specific(doc))


@pytest.mark.parametrize(
    "text",
    [
        "A police officer was jabbed with a syringe while searching a woman in Exeter.",
        "A PC was sprayed in the face with ammonia during an arrest in Wigan.",
        "A man doused two officers with bleach at a flat in Oldham.",
    ],
)
def test_more_attack_verbs(analyse, text: str) -> None:
    assert specific(analyse(text))


@pytest.mark.parametrize(
    "text",
    [
        "Officers sprayed the man with PAVA before arresting him in Wigan.",
        "A paramedic was punched in Hull. Police arrested a man on suspicion of assaulting "
        "an emergency worker.",
        "Two prison officers were hurt. An inmate was charged with assaulting an emergency "
        "worker.",
    ],
)
def test_emergency_worker_and_spray_look_alikes(analyse, text: str) -> None:
    assert not specific(analyse(text))


def test_charge_still_counts_when_paramedics_only_treat(analyse) -> None:
    doc = analyse("A woman was arrested on suspicion of assaulting an emergency worker in "
                  "Leeds. The PC was treated by paramedics.")
    assert specific(doc)


def test_border_force_officer_is_not_police(analyse) -> None:
    assert not specific(analyse("A Border Force officer was stabbed at the port of Dover."))


def test_nearest_subject_decides_the_outcome(analyse) -> None:
    from nlp.extensions import SPANS_SEVERITY

    doc = analyse("A teenager who bit a police officer so hard he needed hospital treatment "
                  "was sentenced.")
    assert any(s._.about_police for s in doc.spans[SPANS_SEVERITY])


def test_petrol_poured_over_an_officer(analyse) -> None:
    assert specific(analyse("A man poured petrol over a police officer in Doncaster."))


def test_pouring_for_an_officer_is_no_attack(analyse) -> None:
    assert not specific(analyse("The landlord poured a pint for an off-duty officer in Leeds."))


@pytest.mark.parametrize(
    "text",
    ["A man who bit off part of a police officer's ear in Grimsby has been jailed.",
     "A woman scratched the face of an officer in Grimsby.",
     "In Toxteth, an officer suffered a broken finger when a man he was arresting bent it "
     "back. Later a PC was kicked in Bootle."],
)
def test_body_parts_and_broken_bones_of_officers(analyse, text: str) -> None:
    doc = analyse(text)
    assert any(a.sent.start == 0 for a in specific(doc))


def test_the_relative_of_an_officer_is_not_the_officer(analyse) -> None:
    assert not specific(analyse("A man punched the brother of an officer in Grimsby."))


def test_court_heard_does_not_hide_the_officer(analyse) -> None:
    from nlp.extensions import SPANS_SEVERITY

    doc = analyse("A man bit a sergeant's ear in Grimsby. Grimsby Crown Court heard the "
                  "injury was permanent and life-changing.")
    serious = [s for s in doc.spans[SPANS_SEVERITY] if s.label_ == "serious"]
    assert serious and all(s._.about_police for s in serious)


def test_accident_and_emergency_is_a_place_not_an_accident(analyse) -> None:
    assert specific(analyse("A sergeant was punched by a patient at the accident and "
                            "emergency department of the hospital in Worcester."))
    assert not specific(analyse("A sergeant was hurt in an accident on the M5 near Worcester."))

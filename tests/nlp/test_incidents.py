"""frontline_incidents: grouping attack statements into incidents and filling fields."""

from __future__ import annotations

import datetime as dt

POLICY_STORY = (
    "Police leaders will meet next week to discuss officer safety.\n\n"
    "Last Friday a Gwent Police officer was stabbed with a knife in Cwmbran.\n\n"
    "Days earlier a PC was dragged along the road by a car in Swansea.\n\n"
    "And in Wrexham, an officer was spat at and punched while arresting a man."
)


def test_several_incidents_each_with_own_fields(extract) -> None:
    result = extract(POLICY_STORY, title="Chiefs to meet on officer safety")
    assert result.relevant
    by_place = {i.location: i for i in result.incidents}
    assert set(by_place) == {"Cwmbran", "Swansea", "Wrexham"}
    assert by_place["Cwmbran"].force == "Gwent Police"
    assert by_place["Cwmbran"].weapons == ("bladed",)
    assert by_place["Swansea"].force == "South Wales Police"
    assert by_place["Swansea"].weapons == ("vehicle",)
    assert by_place["Wrexham"].force == "North Wales Police"
    assert set(by_place["Wrexham"].weapons) == {"spitting", "bodily"}


def test_one_episode_with_several_officers_is_one_incident(extract) -> None:
    text = (
        "Four officers were injured when they were pelted with bricks during disorder in "
        "Blackpool on Saturday night. One officer was taken to hospital."
    )
    result = extract(text, published=dt.date(2024, 5, 6))
    assert len(result.incidents) == 1
    incident = result.incidents[0]
    assert incident.officers == 4
    assert incident.weapons == ("blunt",)
    assert incident.date == dt.date(2024, 5, 4)
    assert incident.force == "Lancashire Constabulary"
    assert incident.severity == "injured"


def test_location_is_the_scene_not_the_hospital(extract) -> None:
    text = (
        "A PC was stabbed in Leyton, east London, on Thursday. He was taken to the Royal "
        "London Hospital in Whitechapel with serious injuries."
    )
    result = extract(text, published=dt.date(2019, 8, 9))
    incident = result.incidents[0]
    assert incident.location == "Leyton, east London"  # as written, district and area
    assert incident.force == "Metropolitan Police Service"
    assert incident.severity == "serious"
    assert incident.date == dt.date(2019, 8, 8)


def test_evidence_points_into_document_text(extract) -> None:
    title = "Officer hurt"
    text = "A police officer was punched in the face in Bury St Edmunds yesterday."
    result = extract(text, title=title)
    full = f"{title}\n\n{text}"
    for ev in result.incidents[0].evidence.values():
        assert full[ev.start:ev.end] == ev.text


def test_attack_abroad_is_not_relevant(extract) -> None:
    text = "Two police officers were shot dead in Paris, France, on Monday night."
    assert not extract(text).relevant


def test_killed(extract) -> None:
    text = "A police sergeant has died after he was shot at a custody centre in Croydon."
    incident = extract(text).incidents[0]
    assert incident.severity == "killed"
    assert incident.weapons == ("firearm",)


def test_days_named_separate_incidents(extract) -> None:
    text = (
        "The force has released details of three attacks on its officers in the past week.\n\n"
        "On Monday a PCSO was headbutted by a shoplifter in Chesterfield.\n\n"
        "On Wednesday an officer was bitten while detaining a woman in Ilkeston.\n\n"
        "And on Thursday night a sergeant was hit over the head with a bottle outside a "
        "nightclub in Derby."
    )
    result = extract(text, published=dt.date(2023, 5, 20))
    got = [(i.location, i.date, i.weapons) for i in result.incidents]
    assert got == [
        ("Chesterfield", dt.date(2023, 5, 15), ("bodily",)),
        ("Ilkeston", dt.date(2023, 5, 17), ("bodily",)),
        ("Derby", dt.date(2023, 5, 18), ("blunt",)),
    ]


def test_court_report_keeps_the_attack_date(extract) -> None:
    text = (
        "A man who rammed a police car with two officers inside in Basingstoke has been "
        "found guilty.\n\nThe court heard that on 3 March the defendant deliberately reversed "
        "into the patrol car, injuring both officers.\n\nHe was convicted on Tuesday."
    )
    incident = extract(text, published=dt.date(2022, 11, 30)).incidents[0]
    assert incident.date == dt.date(2022, 3, 3)
    assert incident.force == "Hampshire and Isle of Wight Constabulary"
    assert incident.weapons == ("vehicle",)


def test_thrown_object_keeps_its_own_category(extract) -> None:
    text = "A corrosive substance was thrown at two officers during a stop in Stratford."
    assert extract(text).incidents[0].weapons == ("corrosive",)


def test_dog_set_on_officers(extract) -> None:
    text = "A man set his dog on police officers in Wolverhampton. One PC was bitten."
    assert extract(text).incidents[0].weapons == ("animal",)


def test_could_have_been_killed_is_not_killed(extract) -> None:
    text = (
        "A man drove a car at two police officers in Cardiff. Both suffered minor injuries. "
        "The judge said the officers could have been killed."
    )
    assert extract(text).incidents[0].severity == "injured"


def test_accident_is_not_an_attack(extract) -> None:
    text = (
        "An off-duty police officer was hurt when his van was involved in a collision near "
        "Swansea. South Wales Police said the officer suffered minor injuries."
    )
    assert not extract(text, title="Officer hurt in crash").relevant


def test_railway_station_attack_goes_to_btp(extract) -> None:
    text = (
        "A British Transport Police spokesman said the force was shocked. An officer was "
        "stabbed outside Ilford station last night."
    )
    assert extract(text).incidents[0].force == "British Transport Police"


def test_outcome_of_the_officer_despite_a_clause_about_others(extract) -> None:
    text = (
        "A police officer was deliberately run over by a car in Bradford on Saturday night. "
        "The officer, who had intervened in a row between two men outside a takeaway, was "
        "in a critical but stable condition."
    )
    assert extract(text, published=dt.date(2019, 10, 21)).incidents[0].severity == "serious"


def test_police_horse_is_not_a_weapon(extract) -> None:
    text = (
        "Bottles were thrown at officers in central London, and a mounted officer was "
        "knocked from her horse."
    )
    assert "animal" not in extract(text).incidents[0].weapons


def test_roundup_of_attacks_in_different_force_areas(extract) -> None:
    text = (
        "The Police Federation has called for tougher sentences.\n\n"
        "On Monday a PC was stabbed in the arm during a raid in Luton. Two days later, two "
        "officers in Hull were hit with bricks as they tried to break up a fight.\n\n"
        "In the most serious case, a sergeant in Newport was run over by a stolen car on "
        "Friday and remains in a critical condition."
    )
    result = extract(text, published=dt.date(2023, 9, 18))
    got = [(i.force, i.weapons, i.date) for i in result.incidents]
    assert got == [
        ("Bedfordshire Police", ("bladed",), dt.date(2023, 9, 18)),
        ("Humberside Police", ("blunt",), None),
        ("Gwent Police", ("vehicle",), dt.date(2023, 9, 15)),
    ]


def test_two_attacks_in_one_sentence_keep_their_own_weapons(extract) -> None:
    text = (
        "The decision was made after an officer was slashed with a knife in Basildon last "
        "month, and another was bitten by a suspect in Colchester in February."
    )
    got = [(i.location, i.weapons) for i in extract(text).incidents]
    assert got == [("Basildon", ("bladed",)), ("Colchester", ("bodily",))]


def test_district_of_a_city_named_later_stays_one_incident(extract) -> None:
    text = (
        "A man drove a stolen car at two police officers in Cardiff.\n\n"
        "The officers had tried to stop the vehicle in Ely when the driver accelerated "
        "towards them."
    )
    result = extract(text)
    assert len(result.incidents) == 1
    assert result.incidents[0].force == "South Wales Police"


def test_date_of_a_later_death_does_not_split_the_attack(extract) -> None:
    result = extract(
        "A police officer has died after being hit by a car in Wigan on Saturday night. "
        "Greater Manchester Police said the officer was struck on Scot Lane and died in "
        "hospital on Sunday.",
        published=dt.date(2026, 2, 16),
    )
    assert [(i.date, i.severity) for i in result.incidents] == [
        (dt.date(2026, 2, 14), "killed")]


def test_a_new_day_of_a_new_attack_still_splits(extract) -> None:
    result = extract(
        "A PC was punched in Wigan on Saturday. On Monday a sergeant was kicked in "
        "Leigh Road, Hindley.",
        published=dt.date(2026, 2, 17),
    )
    assert len(result.incidents) == 2


def test_hypothetical_injury_is_not_the_outcome(extract) -> None:
    result = extract(
        "Bricks were thrown at police officers in Sunderland on Friday night. No officers "
        "were hurt. The superintendent said it was only a matter of time before someone is "
        "seriously injured.",
        published=dt.date(2026, 2, 9),
    )
    assert [i.severity for i in result.incidents] == ["uninjured"]


def test_came_under_attack_takes_the_weapons_of_its_clause(extract) -> None:
    result = extract("Officers came under attack from youths throwing masonry and fireworks "
                     "in Sunderland on Friday night.", published=dt.date(2026, 2, 9))
    assert [set(i.weapons) for i in result.incidents] == [{"blunt", "incendiary"}]


def test_pronoun_subject_keeps_the_officers_in_focus(extract) -> None:
    result = extract("Two officers were bitten by a dog in Rochdale on Monday. They were "
                     "treated at the scene by paramedics.", published=dt.date(2026, 1, 13))
    assert [i.severity for i in result.incidents] == ["injured"]


def test_patrol_car_is_not_a_place(extract) -> None:
    result = extract("A patrol car with two officers inside was rammed by a van in "
                     "Wakefield on Thursday.", title="Patrol car rammed",
                     published=dt.date(2026, 2, 20))
    assert [i.location for i in result.incidents] == ["Wakefield"]


def test_the_attack_happened_on_dates_it_over_the_court_day(extract) -> None:
    result = extract(
        "A man spat at a custody sergeant in Norwich, a court heard. He admitted assaulting "
        "an emergency worker at Norwich Magistrates' Court on Tuesday. The attack happened "
        "on 2 December.",
        published=dt.date(2026, 1, 21),
    )
    assert [i.date for i in result.incidents] == [dt.date(2025, 12, 2)]


def test_a_meeting_that_took_place_is_not_the_attack_date(extract) -> None:
    result = extract(
        "A PC was punched in Norwich on Saturday. A meeting took place on Monday.",
        published=dt.date(2026, 1, 21),
    )
    assert [i.date for i in result.incidents] == [dt.date(2026, 1, 17)]


def test_round_up_dates_each_attack_from_its_summary(extract) -> None:
    result = extract(
        "Police officers were attacked in two separate incidents in County Armagh on Sunday "
        "night.\n\nIn Lurgan, a petrol bomb was thrown at a police patrol. Nobody was "
        "injured.\n\nLater, in Portadown, an officer was punched in the face on Edward Street.",
        published=dt.date(2026, 2, 3),
    )
    assert [(i.location, i.date, i.officers) for i in result.incidents] == [
        ("Lurgan", dt.date(2026, 2, 1), None),
        ("Edward Street", dt.date(2026, 2, 1), 1),
    ]


def test_totals_in_a_statistics_sentence_are_not_the_outcome(extract) -> None:
    result = extract(
        "A PC was punched in Ilford on Monday and was treated in hospital. There were 226 "
        "offences of actual bodily harm and 13 of grievous bodily harm last year.",
        published=dt.date(2026, 2, 4),
    )
    assert [i.severity for i in result.incidents] == ["injured"]


def test_a_street_is_mapped_at_the_town_the_article_names(extract) -> None:
    from nlp import gazetteer

    text = (
        "Two officers were punched and kicked in Kingfisher Lane in Middlesbrough on "
        "Friday night, Cleveland Police said."
    )
    incident = extract(text, published=dt.date(2024, 5, 6)).incidents[0]
    town = gazetteer.lookup("Middlesbrough")
    assert incident.location.startswith("Kingfisher Lane")
    assert gazetteer.lookup("Kingfisher Lane") is None
    assert (incident.latitude, incident.longitude) == (town.latitude, town.longitude)


def test_no_known_place_no_coordinates(extract) -> None:
    incident = extract(
        "A Kent Police officer was bitten while arresting a man in Kingfisher Lane on Friday.",
        published=dt.date(2024, 5, 6),
    ).incidents[0]
    assert incident.latitude is None and incident.longitude is None

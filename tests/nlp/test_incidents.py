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
    assert incident.location == "Leyton"
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

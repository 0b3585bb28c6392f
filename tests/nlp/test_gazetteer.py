"""nlp.gazetteer: places, their force areas, and every force reachable."""

from __future__ import annotations

import pytest

from nlp import gazetteer


def test_every_force_is_reached_by_a_place(shared_forces: list[str]) -> None:
    reached = {p.force for p in gazetteer.all_places()}
    assert set(shared_forces) <= reached


def test_forces_match_the_contract(shared_forces: list[str]) -> None:
    assert [f.name for f in gazetteer.forces()] == shared_forces


@pytest.mark.parametrize(
    ("name", "force"),
    [
        ("Leyton", "Metropolitan Police Service"),
        ("Hainault", "Metropolitan Police Service"),
        ("Croydon", "Metropolitan Police Service"),
        ("Stratford", "Metropolitan Police Service"),
        ("Huyton", "Merseyside Police"),
        ("Grantham", "Lincolnshire Police"),
        ("Wrexham", "North Wales Police"),
        ("Aberdeen", "Police Scotland"),
        ("Omagh", "Police Service of Northern Ireland"),
        ("Swansea", "South Wales Police"),
        ("Stevenage", "Hertfordshire Constabulary"),
        ("Rotherham", "South Yorkshire Police"),
    ],
)
def test_force_for_place(name: str, force: str) -> None:
    assert gazetteer.force_for_place(name) == force


def test_lookup_has_coordinates() -> None:
    place = gazetteer.lookup("leyton")
    assert place is not None and 51 < place.latitude < 52 and -1 < place.longitude < 1


def test_unknown_place() -> None:
    assert gazetteer.lookup("Atlantis") is None
    assert gazetteer.force_for_place("Atlantis") is None


def test_force_aliases() -> None:
    assert gazetteer.force_for_name("the Met") == "Metropolitan Police Service"
    assert gazetteer.force_for_name("PSNI") == "Police Service of Northern Ireland"


@pytest.fixture(scope="module")
def shared_forces() -> list[str]:
    from tests.nlp.conftest import EVAL_DIR

    return [line.strip() for line in (EVAL_DIR / "forces.txt").read_text().splitlines()
            if line.strip()]


@pytest.mark.parametrize(
    ("name", "force"),
    [
        ("Farnborough", "Hampshire and Isle of Wight Constabulary"),
        ("Chorley", "Lancashire Constabulary"),
        ("Glossop", "Derbyshire Constabulary"),
        ("Stamford", "Lincolnshire Police"),
        ("Frome", "Avon and Somerset Police"),
        ("Goole", "Humberside Police"),
    ],
)
def test_border_towns(name: str, force: str) -> None:
    assert gazetteer.force_for_place(name) == force


@pytest.mark.parametrize(
    ("town", "force"),
    [("Warminster", "Wiltshire Police"), ("Ware", "Hertfordshire Constabulary"),
     ("Waltham Abbey", "Essex Police"), ("Sudbury", "Suffolk Constabulary"),
     ("Glossop", "Derbyshire Constabulary"), ("Todmorden", "West Yorkshire Police"),
     ("Wetherby", "West Yorkshire Police"), ("Swanley", "Kent Police")],
)
def test_towns_near_force_borders_get_their_own_local_authority_force(town, force) -> None:
    place = gazetteer.lookup(town)
    assert place is not None and place.force == force

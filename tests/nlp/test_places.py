"""frontline_places: gazetteer places, streets and venues, with their roles."""

from __future__ import annotations

from nlp.extensions import SPANS_PLACES


def places(doc) -> dict[str, str]:
    return {s.text: s._.role for s in doc.spans[SPANS_PLACES]}


def test_streets_and_towns(analyse) -> None:
    doc = analyse("The officer was attacked in Addison Road, Tunbridge Wells.")
    assert places(doc) == {"Addison Road": "scene", "Tunbridge Wells": "scene"}


def test_hospital_and_residence_roles(analyse) -> None:
    doc = analyse(
        "A man from Stafford was arrested. The PC was taken to hospital in Stoke-on-Trent."
    )
    found = places(doc)
    assert found["Stafford"] == "residence"
    assert found["Stoke-on-Trent"] == "institution"


def test_person_names_are_not_places(analyse) -> None:
    doc = analyse("The actor Adrian Dunbar starred in the series.")
    assert "Dunbar" not in places(doc)


def test_force_names_are_not_places(analyse) -> None:
    doc = analyse("Kent Police said the officer was hurt.")
    assert "Kent" not in places(doc)


def test_foreign_places(analyse) -> None:
    doc = analyse("Officers were shot in Dallas, Texas.")
    assert {s.text for s in doc.spans[SPANS_PLACES] if s._.role == "foreign"} >= {"Texas"}

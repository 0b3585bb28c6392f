"""Page furniture is blanked before reading, with offsets kept."""

from __future__ import annotations

import datetime as dt

from nlp.boilerplate import is_boilerplate, mask_boilerplate


def test_other_stories_and_prompts_are_furniture() -> None:
    assert is_boilerplate("Read more: Officer stabbed in Leeds city centre")
    assert is_boilerplate("READ MORE - Man jailed for attacking PC in Hull")
    assert is_boilerplate("Sign up to our free newsletter for the latest crime news")
    assert not is_boilerplate("A police officer was stabbed in Leeds on Friday.")
    assert not is_boilerplate("Readers may remember the attack on PC Smith.")


def test_masking_keeps_length_and_paragraphs() -> None:
    text = "An officer was bitten in Hull.\n\nRead more: PC stabbed in Leeds\n\nA man was held."
    masked = mask_boilerplate(text)
    assert len(masked) == len(text)
    assert "Leeds" not in masked and "bitten in Hull" in masked and "man was held" in masked
    assert masked.count("\n\n") == 2


def test_a_headline_of_another_story_is_not_an_incident(extract) -> None:
    result = extract(
        "A police officer was bitten on the arm while arresting a man in Hull on Friday.\n\n"
        "Read more: A sergeant was stabbed in Leeds city centre on Saturday night\n\n"
        "Humberside Police said the officer was treated in hospital.",
        published=dt.date(2024, 5, 4))
    assert [i.location for i in result.incidents] == ["Hull"]


def test_datelines_and_bylines_are_furniture_but_sentences_are_not() -> None:
    assert is_boilerplate("Published 10:42, 5 June 2023")
    assert is_boilerplate("Updated: 14:05 BST, 13 August 2024")
    assert is_boilerplate("By Jane Smith, Crime Reporter")
    assert not is_boilerplate("Updated figures published by the Home Office on Thursday show "
                              "assaults on officers rose by a fifth in the year to March.")


def test_headlines_listed_under_a_furniture_heading_are_masked() -> None:
    text = ("An officer was bitten in Hull on Friday, police said, and a man was later charged "
            "with assaulting an emergency worker after the arrest outside a bar.\n"
            "Related Articles\nTwo police officers injured after disturbance outside station\n"
            "Man jailed for stabbing PC in Leeds")
    masked = mask_boilerplate(text)
    assert "bitten in Hull" in masked
    assert "Leeds" not in masked and "disturbance" not in masked

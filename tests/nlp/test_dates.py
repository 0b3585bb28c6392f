"""frontline_dates: relative and explicit dates resolved against the published date."""

from __future__ import annotations

import datetime as dt

import pytest

from nlp.components.dates import find_dates

PUBLISHED = dt.date(2019, 8, 9)  # a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on Thursday", dt.date(2019, 8, 8)),
        ("on Friday", dt.date(2019, 8, 9)),
        ("last Friday", dt.date(2019, 8, 2)),
        ("on Sunday night", dt.date(2019, 8, 4)),
        ("yesterday", dt.date(2019, 8, 8)),
        ("last night", dt.date(2019, 8, 8)),
        ("this morning", dt.date(2019, 8, 9)),
        ("on 15 August", dt.date(2019, 8, 15 - 7 + 7) if False else dt.date(2018, 8, 15)),
        ("on 2 August", dt.date(2019, 8, 2)),
        ("on 25 September 2020", dt.date(2020, 9, 25)),
        ("on August 3rd", dt.date(2019, 8, 3)),
    ],
)
def test_resolution(text: str, expected: dt.date) -> None:
    found = find_dates(f"It happened {text}.", PUBLISHED)
    assert found and found[0][3] == expected


def test_no_published_date_leaves_weekdays_unresolved() -> None:
    assert find_dates("on Monday", None)[0][3] is None


def test_spans_on_doc(analyse) -> None:
    doc = analyse("An officer was hurt yesterday.", published=dt.date(2024, 5, 3))
    assert [s._.date for s in doc.spans["frontline_dates"]] == [dt.date(2024, 5, 2)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("twelve months ago today", dt.date(2018, 8, 9)),
        ("two weeks ago", dt.date(2019, 7, 26)),
        ("a year ago", None),
        ("on New Year's Eve", dt.date(2018, 12, 31)),
        ("on Bonfire Night", dt.date(2018, 11, 5)),
    ],
)
def test_ago_and_holidays(text: str, expected: dt.date | None) -> None:
    found = find_dates(f"It happened {text}.", PUBLISHED)
    assert found and found[0][3] == expected

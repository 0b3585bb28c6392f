"""nlp.datafiles: bad data lines fail at load, naming file and line."""

from __future__ import annotations

import pytest

from frontline.errors import ConfigError
from nlp.datafiles import load_jsonl, parse_jsonl


def test_bad_json_names_file_and_line() -> None:
    with pytest.raises(ConfigError, match=r"x\.jsonl:2: not JSON"):
        parse_jsonl(['{"id": "a"}', "{oops"], "x.jsonl")


def test_missing_id_and_keys() -> None:
    with pytest.raises(ConfigError, match=r"x\.jsonl:1: missing id"):
        parse_jsonl(['{"name": "a"}'], "x.jsonl")
    with pytest.raises(ConfigError, match=r"x\.jsonl:1: missing pattern"):
        parse_jsonl(['{"id": "a"}'], "x.jsonl", ("pattern",))


def test_duplicate_id() -> None:
    with pytest.raises(ConfigError, match="duplicate id"):
        parse_jsonl(['{"id": "a"}', '{"id": "a"}'], "x.jsonl")


@pytest.mark.parametrize(
    "name",
    ["forces.jsonl", "weapons.jsonl", "weapon_categories.jsonl", "severity.jsonl",
     "lexicon.jsonl", "abroad.jsonl", "gazetteer/places.jsonl"],
)
def test_packaged_files_load(name: str) -> None:
    assert load_jsonl(name)

"""The JSONL reader keeps every good article whatever is wrong with the bad lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontline.errors import InputError
from nlp.contract import read_articles_jsonl

GOOD = {"id": "g{}", "title": "T", "published": "2024-05-03", "text": "An officer was punched."}


def _good(n: int) -> bytes:
    return (json.dumps({**GOOD, "id": f"g{n}"}) + "\n").encode("utf-8")


def _read(path: Path) -> tuple[list[str], list[str]]:
    bad: list[str] = []
    ids = [a.id for a in read_articles_jsonl(path, on_bad_line=lambda w, e: bad.append(str(e)))]
    return ids, bad


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ('{"id": "x", "text": "caf\xe9"}\n'.encode("latin-1"), "not UTF-8"),
        (b'{"id": "x", "text": "\\ud800"}\n', "lone surrogate"),
        (b"[" * 100_000 + b"\n", "nested too deep"),
        (b'{"id": "' + b"x" * 201 + b'", "text": "t"}\n', "at most 200"),
        (b'{"id": "x", "text": 5}\n', "text must be a string"),
        (b"not json\n", "not JSON"),
    ],
    ids=["latin-1", "surrogate", "deep", "long-id", "bad-text", "not-json"],
)
def test_a_bad_line_is_named_and_the_rest_kept(tmp_path: Path, fault: bytes, reason: str) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(_good(1) + fault + _good(2))
    ids, bad = _read(path)
    assert ids == ["g1", "g2"]
    assert len(bad) == 1 and reason in bad[0] and "a.jsonl:2" in bad[0]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + _good(1) + _good(2))
    assert _read(path) == (["g1", "g2"], [])


def test_a_utf16_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    path.write_bytes((_good(1) + _good(2)).decode("utf-8").encode("utf-16"))
    assert _read(path) == (["g1", "g2"], [])


def test_without_a_callback_a_bad_line_raises_naming_it(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_bytes(_good(1) + b"{oops\n")
    with pytest.raises(InputError, match="a.jsonl:2"):
        list(read_articles_jsonl(path))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=st.binary(max_size=200))
def test_any_junk_line_costs_only_itself(tmp_path: Path, junk: bytes) -> None:
    path = tmp_path / "fuzz.jsonl"
    junk = junk.replace(b"\n", b" ").replace(b"\r", b" ")
    path.write_bytes(_good(1) + junk + b"\n" + _good(2))
    ids, bad = _read(path)
    assert ids[0] == "g1" and ids[-1] == "g2" and len(bad) <= 1

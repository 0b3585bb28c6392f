"""nlp.contract: reading articles and writing the contract's output shape."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from frontline.errors import InputError
from nlp.contract import read_articles_jsonl, to_contract
from nlp.mentions import ArticleExtraction, Evidence, IncidentMention


def test_read_articles(tmp_path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"id": "x", "title": "T", "text": "B", "published": "2019-08-08"})
                    + "\n\n" + json.dumps({"id": 2, "title": None, "text": "C", "published": None}))
    articles = list(read_articles_jsonl(path))
    assert [a.id for a in articles] == ["x", "2"]
    assert articles[0].published == dt.date(2019, 8, 8)
    assert articles[1].title == "" and articles[1].published is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "not JSON"),
        ('{"title": "t", "text": "b"}', "missing id"),
        ('{"id": "a", "text": 5}', "text must be a string"),
        ('{"id": "a", "text": "b", "published": "yesterday"}', "not an ISO date"),
    ],
)
def test_bad_lines_name_file_and_line(tmp_path, line: str, message: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "ok", "text": "fine"}\n' + line + "\n")
    with pytest.raises(InputError, match=rf"bad\.jsonl:2: .*{message}"):
        list(read_articles_jsonl(path))


def test_missing_file(tmp_path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        list(read_articles_jsonl(tmp_path / "nope.jsonl"))


def test_to_contract_shape() -> None:
    incident = IncidentMention(
        force="Kent Police", location="Margate", weapons=("bodily",), date=dt.date(2024, 1, 2),
        officers=2, severity="injured", evidence={"force": Evidence(0, 4, "Kent", "named")},
    )
    row = to_contract(ArticleExtraction("a1", True, (incident,)))
    assert row == {"id": "a1", "relevant": True, "incidents": [{
        "force": "Kent Police", "location": "Margate", "weapons": ["bodily"],
        "date": "2024-01-02", "officers": 2, "severity": "injured"}]}
    explained = to_contract(ArticleExtraction("a1", True, (incident,)), explain=True)
    assert explained["incidents"][0]["evidence"] == {
        "force": {"start": 0, "end": 4, "text": "Kent", "rule": "named"}}
    assert to_contract(ArticleExtraction("a2", False)) == {
        "id": "a2", "relevant": False, "incidents": []}

"""``frontline extract``: JSON lines on stdout, nothing else."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from frontline.cli import app


def test_extract_prints_one_line_per_article(tmp_path) -> None:
    path = tmp_path / "in.jsonl"
    rows = [
        {"id": "1", "title": "Officer stabbed", "published": "2024-05-03",
         "text": "A police officer was stabbed in Luton yesterday."},
        {"id": "2", "title": "Weather", "published": None, "text": "Sun in Kent."},
    ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = CliRunner().invoke(app, ["extract", "--jsonl", str(path), "--explain"])
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["1", "2"]
    incident = lines[0]["incidents"][0]
    assert incident["force"] == "Bedfordshire Police"
    assert incident["date"] == "2024-05-02"
    assert "evidence" in incident and "force" in incident["evidence"]
    assert lines[1] == {"id": "2", "relevant": False, "incidents": []}


def test_bad_input_is_one_error(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text("{oops\n")
    result = CliRunner().invoke(app, ["extract", "--jsonl", str(path)])
    assert result.exit_code == 1
    assert "bad.jsonl:1" in result.output

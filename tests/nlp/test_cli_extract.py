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


def test_a_bad_line_is_skipped_named_and_the_good_articles_printed(tmp_path) -> None:
    path = tmp_path / "bad.jsonl"
    good = json.dumps({"id": "1", "title": "", "published": None, "text": "Sun in Kent."})
    path.write_bytes((good + "\n{oops [^*$]\n" + good.replace('"1"', '"2"') + "\n").encode()
                     + b'{"id": "3", "text": "caf\xe9"}\n')
    result = CliRunner().invoke(app, ["extract", "--jsonl", str(path)])
    assert result.exit_code == 3
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["1", "2"]
    assert "bad.jsonl:2" in result.stderr and "bad.jsonl:4: not UTF-8" in result.stderr


def test_a_missing_file_is_one_error(tmp_path) -> None:
    result = CliRunner().invoke(app, ["extract", "--jsonl", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1
    assert "nope.jsonl" in result.output and "Traceback" not in result.output

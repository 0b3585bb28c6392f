"""``make demo``'s run, end to end: a quiet log, the digest and the incidents printed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_demo_prints_the_digest_without_errors_or_tracebacks(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("PREFECT_API_URL",)}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", PREFECT_HOME=str(tmp_path / "prefect"),
               PREFECT_LOGGING_EXTRA_LOGGERS="crawlers,storage,nlp,digest,flows")
    run = subprocess.run(
        [sys.executable, "-m", "demo.run", "--data-dir", str(tmp_path / "demo")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=540,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    assert "Traceback" not in output and "| ERROR" not in output, output[-3000:]
    assert "DigestReport(" not in output
    assert "Incidents in the knowledge base" in output


def test_make_demo_unsets_prefect_api_url_rather_than_emptying_it() -> None:
    recipe = (REPO / "Makefile").read_text(encoding="utf-8").split("\ndemo:", 1)[1].split("\n\n")[0]
    assert "env -u PREFECT_API_URL" in recipe and "PREFECT_API_URL=" not in recipe

"""The archived HTML digest opened in headless Chromium: it renders, and a screenshot is kept.

The screenshot lands in the test's tmp dir (pytest keeps the last few runs) so a person
can look at it; the test checks it is a real, mostly non-blank picture of the page.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from digest.archive import write_archive
from digest.content import build_digest
from tests.digest.conftest import DAY

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)


def screenshot(page: Path, out: Path, profile: Path) -> None:
    """Take a 1000x1400 screenshot of ``page`` with headless Chromium, offline."""
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        f"--screenshot={out}",
        "--window-size=1000,1400",
        page.as_uri(),
    ]
    subprocess.run(command, check=True, capture_output=True, timeout=120)


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (make system-deps)"
)
def test_archived_digest_renders_in_chromium(kb, tmp_path) -> None:
    with kb.session() as session:
        digest = build_digest(session, DAY)
    page = write_archive(digest, tmp_path / "archive")
    shot = tmp_path / "digest.png"
    screenshot(page, shot, tmp_path / "profile")
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1000, 1400)
    # A blank page compresses to almost nothing; a rendered digest does not.
    assert len(png) > 30_000, f"screenshot {shot} looks blank"

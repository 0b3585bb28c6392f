"""The archive: one HTML and one Markdown file per day and scope, an index, rewrites in place."""

from __future__ import annotations

import datetime as dt

import pytest

from digest.archive import write_archive
from digest.content import build_digest
from frontline.errors import ConfigError
from tests.digest.conftest import DAY


def test_archive_files_index_and_rewrite(kb, tmp_path) -> None:
    archive = tmp_path / "digests"
    with kb.session() as session:
        national = build_digest(session, DAY)
        kent = build_digest(session, DAY, force="Kent Police")
        earlier = build_digest(session, DAY - dt.timedelta(days=1))
    for digest in (kent, earlier, national, national):  # the repeat replaces, never duplicates
        write_archive(digest, archive)
    names = sorted(p.name for p in archive.iterdir())
    assert names == [
        "2026-11-23.html",
        "2026-11-23.md",
        "2026-11-24--kent-police.html",
        "2026-11-24--kent-police.md",
        "2026-11-24.html",
        "2026-11-24.md",
        "index.html",
        "index.json",
    ]
    html = (archive / "2026-11-24.html").read_text()
    assert 'src="data:image/png;base64,' in html and 'src="cid:' not in html
    index = (archive / "index.html").read_text()
    order = [
        index.index(f'href="{stem}.html"')
        for stem in ("2026-11-24", "2026-11-24--kent-police", "2026-11-23")
    ]
    assert order == sorted(order)  # newest day first, national before forces


def test_lost_index_is_rebuilt_from_the_files(kb, tmp_path) -> None:
    archive = tmp_path / "digests"
    with kb.session() as session:
        write_archive(build_digest(session, DAY - dt.timedelta(days=1)), archive)
        (archive / "index.json").write_text("{not json")
        write_archive(build_digest(session, DAY), archive)
    index = (archive / "index.html").read_text()
    assert 'href="2026-11-23.html"' in index and 'href="2026-11-24.html"' in index


def test_unwritable_archive_is_a_config_error_naming_the_folder(kb, tmp_path) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    with kb.session() as session:
        digest = build_digest(session, DAY)
    with pytest.raises(ConfigError, match="file-not-folder"):
        write_archive(digest, blocked / "digests")

"""The ``poll`` flow: one failing feed is recorded; every feed failing fails the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.errors import FeedError

pytestmark = pytest.mark.slow


def test_a_poll_in_which_every_feed_failed_ends_failed(tmp_path: Path) -> None:
    from prefect.testing.utilities import prefect_test_harness

    from flows.poll import poll
    from frontline.settings import get_settings

    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "- name: dead-one\n  title: Dead One\n  homepage: http://127.0.0.1:9/\n"
        "  feeds: [http://127.0.0.1:9/feed.xml]\n"
        "- name: dead-two\n  title: Dead Two\n  homepage: http://127.0.0.1:9/\n"
        "  feeds: [http://127.0.0.1:9/other.xml]\n", encoding="utf-8")
    database_url = f"sqlite:///{tmp_path / 'kb.db'}"
    with pytest.MonkeyPatch.context() as env, prefect_test_harness(server_startup_timeout=120):
        env.setenv("FRONTLINE_FETCH_TIMEOUT", "2")
        get_settings.cache_clear()
        try:
            with pytest.raises(FeedError, match="all 2 feed"):
                poll(database_url=database_url, feeds_file=str(sources))
        finally:
            get_settings.cache_clear()

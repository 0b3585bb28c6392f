"""The daily flow end to end, in Prefect's test harness, on the demo site served locally."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.run import write_demo_sources
from demo.serve import serve_demo_site
from tests.flows.knowledge import FORCES_ATTACKED, LOOKALIKES, Snapshot, slug, snapshot

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[dict, Snapshot, dict, Snapshot, dict]]:
    """Run ``daily`` twice on one fresh SQLite knowledge base, then ``resolve`` and
    ``weekly_summary``; yield both daily summaries and snapshots, and the other results."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.daily import daily
    from flows.extract import resolve
    from flows.publish import weekly_summary
    from frontline.settings import get_settings

    folder = tmp_path_factory.mktemp("daily")
    database_url = f"sqlite:///{folder / 'frontline.db'}"
    server, base_url = serve_demo_site(0)
    with pytest.MonkeyPatch.context() as env, prefect_test_harness(server_startup_timeout=120):
        env.setenv("FRONTLINE_DATA_DIR", str(folder))
        env.setenv("FRONTLINE_DATABASE_URL", database_url)
        get_settings.cache_clear()
        try:
            sources = str(write_demo_sources(base_url, folder / "sources.yaml"))
            first = daily(database_url=database_url, feeds_file=sources)
            after_first = snapshot(database_url)
            second = daily(database_url=database_url, feeds_file=sources)
            after_second = snapshot(database_url)
            others = {
                "resolve": resolve(database_url=database_url),
                "weekly": weekly_summary(database_url=database_url),
                "snapshot": snapshot(database_url),
            }
            yield first, after_first, second, after_second, others
        finally:
            server.shutdown()
            server.server_close()
            get_settings.cache_clear()


def test_first_run_reads_every_story(runs: tuple) -> None:
    first, kb = runs[0], runs[1]
    assert first["failed"] == []
    assert first["poll"]["queued"] == 14 and first["poll"]["feeds_failed"] == 0
    copies = kb.duplicates()
    # the agency story on the second outlet is kept once, as a copy of the first
    assert copies == {"courier-norwich-pc-headbutted": "norwich-officer-headbutted"}
    assert first["crawl"]["stored"] == 14 - len(copies)
    assert first["extract"]["read"] == 14 - len(copies)
    for _, path, status, copy_of in kb.articles:
        assert status == ("skipped" if copy_of else "extracted"), path
    assert first["after"]["incidents"] == len(kb.incidents) == first["extract"]["new_incidents"]


def test_incidents_from_several_forces(runs: tuple) -> None:
    kb: Snapshot = runs[1]
    forces = {force for _, force, _, _ in kb.incidents}
    assert forces >= FORCES_ATTACKED


def test_syndicated_copies_and_court_report_join_their_incident(runs: tuple) -> None:
    kb: Snapshot = runs[1]
    groups = [{slug(path) for path in paths} for _, _, _, paths in kb.incidents]
    assert {"stafford-officer-dragged-by-car", "stafford-driver-in-court"} in groups
    norwich = [g for g in groups if "norwich-officer-headbutted" in g]
    copy = "courier-norwich-pc-headbutted"
    assert len(norwich) == 1 and (copy in norwich[0] or kb.duplicates().get(copy) in norwich[0])
    assert sum("courier-norwich-pc-headbutted" in g for g in groups) <= 1


@pytest.mark.parametrize("slug", sorted(LOOKALIKES))
def test_no_incident_from_a_lookalike_story(runs: tuple, slug: str) -> None:
    assert runs[1].slug_incidents()[slug] == [], f"{slug}: {LOOKALIKES[slug]}"


def test_a_second_run_changes_nothing(runs: tuple) -> None:
    _, first, second_summary, second, _ = runs
    assert second_summary["failed"] == []
    assert second_summary["poll"]["queued"] == 0
    assert second_summary["crawl"]["requested"] == 0
    assert second_summary["extract"]["read"] == 0
    assert second_summary["extract"]["new_incidents"] == 0
    assert second == first  # same rows under the same ids


def test_digest_of_today_has_the_new_incidents(runs: tuple) -> None:
    first = runs[0]
    assert first["digest"]["new"] >= 3
    archived = first["digest"]["report"]["archived"]
    assert archived and all(Path(path).is_file() for path in archived)


def test_resolving_again_changes_nothing(runs: tuple) -> None:
    others = runs[4]
    assert others["resolve"] == {
        "new_incidents": 0, "incidents_created": 0, "incidents_updated": 0, "incidents_removed": 0
    }
    assert others["snapshot"] == runs[3]


def test_weekly_summary_counts_the_week(runs: tuple) -> None:
    weekly, kb = runs[4]["weekly"], runs[3]
    assert weekly["incidents"] == len(kb.incidents)  # every demo story is from the last 4 days
    assert sum(weekly["by_force"].values()) == weekly["incidents"]
    assert set(weekly["by_force"]) >= FORCES_ATTACKED

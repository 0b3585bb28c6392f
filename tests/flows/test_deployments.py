"""prefect.yaml: every deployment loads the way a worker loads it, with matching parameters."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys

import pytest
import yaml

from tests.conftest import REPO

CONFIG = yaml.safe_load((REPO / "prefect.yaml").read_text(encoding="utf-8"))
DEPLOYMENTS = {d["name"]: d for d in CONFIG["deployments"]}

# Loads each entrypoint by its file path, in a fresh interpreter, as a worker does:
# Prefect then puts flows/ first on sys.path, so a module there named like one of
# our packages would hide it.
LOADER = """
import inspect, json, sys
from prefect.flows import load_flow_from_entrypoint
out = {}
for entrypoint in sys.argv[1:]:
    flow = load_flow_from_entrypoint(entrypoint)
    out[entrypoint] = {"name": flow.name, "parameters": list(inspect.signature(flow.fn).parameters)}
print(json.dumps(out))
"""


def test_expected_deployments_exist() -> None:
    assert set(DEPLOYMENTS) == {
        "poll", "crawl", "extract", "resolve", "alerts", "digest", "weekly-summary", "daily"
    }


def test_entrypoints_load_like_a_worker_loads_them() -> None:
    entrypoints = sorted({d["entrypoint"] for d in DEPLOYMENTS.values()})
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    result = subprocess.run(
        [sys.executable, "-c", LOADER, *entrypoints],
        cwd=REPO, capture_output=True, text=True, timeout=120, env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    for deployment in DEPLOYMENTS.values():
        flow = loaded[deployment["entrypoint"]]
        assert set(deployment.get("parameters", {})) == set(flow["parameters"]), deployment["name"]


@pytest.mark.parametrize("name", sorted(DEPLOYMENTS))
def test_one_run_at_a_time_on_the_process_pool(name: str) -> None:
    deployment = DEPLOYMENTS[name]
    assert deployment["concurrency_limit"]["limit"] == 1
    assert deployment["concurrency_limit"]["collision_strategy"] in {"ENQUEUE", "CANCEL_NEW"}
    assert deployment["work_pool"]["name"] == "frontline"
    assert "frontline" in deployment["tags"]


def test_schedules() -> None:
    def schedules(name: str) -> list[dict]:
        return DEPLOYMENTS[name].get("schedules", [])

    assert schedules("poll") == [{"interval": 600, "timezone": "Europe/London"}]
    assert [s["interval"] for s in schedules("crawl") + schedules("extract")] == [900, 900]
    assert schedules("digest") == [{"cron": "30 6 * * *", "timezone": "Europe/London"}]
    assert schedules("weekly-summary")[0]["cron"].endswith(" 1")
    assert not schedules("daily")
    trigger = DEPLOYMENTS["resolve"]["triggers"][0]
    assert trigger["match_related"]["prefect.resource.name"] == "extract"
    assert trigger["expect"] == ["prefect.flow-run.Completed"]


def test_pull_step_runs_flows_from_the_repository() -> None:
    (step,) = CONFIG["pull"]
    directory = step["prefect.deployments.steps.set_working_directory"]["directory"]
    assert directory == "{{ repository.stdout }}"
    (build,) = CONFIG["build"]
    assert build["prefect.deployments.steps.run_shell_script"]["id"] == "repository"


def test_flows_declare_retries_timeouts_and_tags() -> None:
    from flows import crawl, extract, poll, publish
    from flows.limits import DB_WRITE_TAG, NETWORK_TAG

    for task in (poll.poll_feeds_task, crawl.crawl_queued_task, publish.publish_digest_task):
        assert task.retries >= 1 and task.retry_delay_seconds, task.name
        assert task.timeout_seconds, task.name
        assert NETWORK_TAG in task.tags
    for task in (poll.poll_feeds_task, crawl.crawl_queued_task, extract.extract_pending_task):
        assert DB_WRITE_TAG in task.tags
    assert list(inspect.signature(crawl.crawl.fn).parameters) == ["database_url", "limit"]


def test_zombie_automation_watches_every_deployment_heartbeat() -> None:
    from prefect.events.actions import ChangeFlowRunState, RunDeployment
    from prefect.events.schemas.automations import AutomationCore, Posture

    path = REPO / "flows" / "automations" / "zombie-runs.yaml"
    automation = AutomationCore.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    trigger = automation.trigger
    assert trigger.posture == Posture.Proactive
    assert trigger.after == {"prefect.flow-run.heartbeat"}
    assert "prefect.flow-run.heartbeat" in trigger.expect
    assert trigger.match_related.model_dump() == {
        "prefect.resource.role": "tag", "prefect.resource.id": "prefect.tag.frontline"
    }
    assert all("frontline" in deployment["tags"] for deployment in DEPLOYMENTS.values())
    # two heartbeats may be late or lost before a living run is taken for dead
    env = CONFIG["definitions"]["work_pool"]["job_variables"]["env"]
    frequency = int(env["PREFECT_FLOWS_HEARTBEAT_FREQUENCY"])
    assert frequency >= 30 and trigger.within.total_seconds() >= 3 * frequency
    crash, rerun = automation.actions
    assert isinstance(crash, ChangeFlowRunState) and crash.state.value == "CRASHED"
    assert isinstance(rerun, RunDeployment) and rerun.source == "inferred"
    assert rerun.parameters is not None and "flow_run.parameters" in json.dumps(rerun.parameters)

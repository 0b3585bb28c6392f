"""frontline on a real Prefect server: deploy from prefect.yaml, run on process workers.

One server for the module (``prefect server start`` on a free port, its database and
PREFECT_HOME in a temporary folder, the scheduler off so that no scheduled run touches
anything), the ``frontline`` process pool and every deployment of ``prefect deploy --all``.
Each test starts its own workers; every process started here is stopped, even on failure.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from demo.run import write_demo_sources
from demo.serve import serve_demo_site
from tests.conftest import POSTGRES_URL, REPO, _drop_postgres_database, _new_postgres_database
from tests.flows.knowledge import FORCES_ATTACKED, Snapshot, snapshot
from tests.flows.processes import free_port, kill_host, kill_tree

pytestmark = pytest.mark.slow

PREFECT = str(Path(sys.executable).with_name("prefect"))
RUN_TIMEOUT = 240.0
ZOMBIE_AUTOMATION = REPO / "flows" / "automations" / "zombie-runs.yaml"
MISSED_HEARTBEAT_SECONDS = 45
"""The zombie automation's window in these tests: runs beat every 30 s (Prefect's
minimum, set in prefect.yaml), so 45 s without one means the run's host is gone."""


@dataclass
class Server:
    """A running Prefect server and what the tests need to use it."""

    api_url: str
    env: dict[str, str]
    folder: Path
    demo_url: str
    sources: str
    processes: list[subprocess.Popen]

    def cli(self, *args: str, timeout: float = 120) -> str:
        """Run ``prefect ARGS`` from the repository root against this server."""
        result = subprocess.run(
            [PREFECT, "--no-prompt", *args],
            cwd=REPO, env=self.env, capture_output=True, text=True, timeout=timeout,
        )
        assert result.returncode == 0, f"prefect {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def start_worker(self, name: str, database_url: str) -> subprocess.Popen:
        """A process worker on the ``frontline`` pool whose runs use ``database_url``."""
        env = {
            **self.env,
            "FRONTLINE_DATABASE_URL": database_url,
            "FRONTLINE_DATA_DIR": str(self.folder / f"data-{name}"),
        }
        log = open(self.folder / f"worker-{name}.log", "w")  # noqa: SIM115 (closed with the test)
        process = subprocess.Popen(
            [PREFECT, "worker", "start", "--pool", "frontline", "--name", name, "--type", "process"],
            cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.processes.append(process)
        return process

    def client_call(self, fn: Callable[[Any], Any]) -> Any:
        """Call ``fn(client)`` with a Prefect client of this server."""
        from prefect.client.orchestration import get_client
        from prefect.settings import PREFECT_API_URL, temporary_settings

        with temporary_settings({PREFECT_API_URL: self.api_url}), get_client(sync_client=True) as client:
            return fn(client)

    def run(self, deployment: str, **parameters: Any) -> str:
        """Start a run of ``deployment``; return its id."""
        from prefect.client.schemas.objects import FlowRun

        def create(client: Any) -> FlowRun:
            found = client.read_deployment_by_name(deployment)
            return client.create_flow_run_from_deployment(found.id, parameters=parameters)

        return str(self.client_call(create).id)

    def state(self, run_id: str) -> Any:
        """The flow run's current state."""
        return self.client_call(lambda client: client.read_flow_run(run_id).state)

    def wait_for_rerun(self, run_id: str, timeout: float) -> str:
        """The id of a later run of ``run_id``'s deployment with the same parameters."""
        from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

        original = self.client_call(lambda client: client.read_flow_run(run_id))
        only_its_deployment = DeploymentFilter(id=DeploymentFilterId(any_=[original.deployment_id]))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            runs = self.client_call(
                lambda client: client.read_flow_runs(deployment_filter=only_its_deployment)
            )
            for run in runs:
                if run.id != original.id and run.created > original.created and (
                    run.parameters == original.parameters
                ):
                    return str(run.id)
            time.sleep(1)
        raise AssertionError(f"no rerun of flow run {run_id} within {timeout:.0f} s")

    def wait(self, run_id: str, timeout: float = RUN_TIMEOUT) -> Any:
        """Wait until the run ends; return its final state."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            state = self.state(run_id)
            if state is not None and state.is_final():
                return state
            time.sleep(1)
        raise AssertionError(f"flow run {run_id} still {self.state(run_id)} after {timeout:.0f} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("prefect-server")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    env = {
        key: value for key, value in os.environ.items()
        if not key.startswith(("PREFECT_", "FRONTLINE_"))
    }
    env.update(
        PREFECT_HOME=str(folder / "home"),
        PREFECT_API_URL=api_url,
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{folder / 'prefect.db'}",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_UI_ENABLED="false",
        PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED="false",
        PREFECT_SERVER_SERVICES_REPOSSESSOR_LOOP_SECONDS="1",
        PREFECT_WORKER_QUERY_SECONDS="1",
        PREFECT_LOGGING_EXTRA_LOGGERS="crawlers,storage,nlp,digest,flows",
    )
    processes: list[subprocess.Popen] = []
    demo, demo_url = serve_demo_site(0)
    log = open(folder / "server.log", "w")  # noqa: SIM115 (closed below)
    try:
        processes.append(
            subprocess.Popen(
                [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        )
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{api_url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert processes[0].poll() is None, (folder / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "the Prefect server did not start in 90 s"
            time.sleep(0.5)
        sources = str(write_demo_sources(demo_url, folder / "sources.yaml"))
        running = Server(api_url, env, folder, demo_url, sources, processes)
        running.cli("work-pool", "create", "frontline", "--type", "process")
        running.cli("deploy", "--all", timeout=180)
        yield running
    finally:
        for process in reversed(processes):
            kill_tree(process)
        log.close()
        demo.shutdown()
        demo.server_close()


@pytest.fixture
def workers(server: Server) -> Iterator[Callable[[str, str], subprocess.Popen]]:
    """Start workers with ``workers(name, database_url)``; all are stopped after the test."""
    started: list[subprocess.Popen] = []

    def start(name: str, database_url: str) -> subprocess.Popen:
        process = server.start_worker(name, database_url)
        started.append(process)
        return process

    try:
        yield start
    finally:
        for process in started:
            kill_tree(process)
            server.processes.remove(process)


CODE_FOLDERS = ("crawlers", "nlp", "storage", "flows", "digest", "frontline")
"""What a worker's flow runs import from the working tree."""


def code_version() -> str:
    """A fingerprint of the code and data files the workers import, changed by any edit."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                stat = path.stat()
                digest.update(f"{path.relative_to(REPO)} {stat.st_size} {stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class Reference:
    """The knowledge base of an undisturbed ``daily`` run, for the code now on disk.

    Workers import the working tree when a run starts, so a knowledge base built
    before someone edited nlp/ is no reference for a run made after the edit: one
    reference is built per version of the code, the first time a test asks for it.
    """

    def __init__(self, server: Server, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.built: dict[str, Snapshot] = {}

    def snapshot(self) -> Snapshot:
        """The reference knowledge base for the code as it is now."""
        version = code_version()
        if version not in self.built:
            self.built[version] = self._build(len(self.built))
        return self.built[version]

    def _build(self, number: int) -> Snapshot:
        database_url = f"sqlite:///{self.folder / f'reference-{number}.db'}"
        worker = self.server.start_worker(f"reference-{number}", database_url)
        try:
            run_id = self.server.run("daily/daily", database_url=database_url, feeds_file=self.server.sources)
            state = self.server.wait(run_id)
            assert state.is_completed(), f"daily run {state.name}: {state.message}"
        finally:
            kill_tree(worker)
            self.server.processes.remove(worker)
        return snapshot(database_url)


@pytest.fixture(scope="module")
def reference(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """Knowledge bases of undisturbed ``daily`` deployment runs, each by one worker."""
    return Reference(server, tmp_path_factory.mktemp("kb"))


def test_every_deployment_is_on_the_server(server: Server) -> None:
    names = server.client_call(lambda client: {d.name for d in client.read_deployments()})
    assert names == {"poll", "crawl", "extract", "resolve", "alerts", "digest", "weekly-summary", "daily"}


def test_daily_deployment_runs_on_a_process_worker(reference: Reference) -> None:
    undisturbed = reference.snapshot()
    statuses = {status for _, _, status, _ in undisturbed.articles}
    assert len(undisturbed.articles) == 14 and statuses <= {"extracted", "skipped"}
    assert {force for _, force, _, _ in undisturbed.incidents} >= FORCES_ATTACKED


@pytest.mark.postgres
@pytest.mark.skipif(not POSTGRES_URL, reason="FRONTLINE_TEST_POSTGRES_URL is not set")
def test_two_workers_share_one_postgres_knowledge_base(
    server: Server, workers: Callable[[str, str], subprocess.Popen], reference: Reference
) -> None:
    base = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    database_url, name = _new_postgres_database(base)
    try:
        workers("one", database_url)
        workers("two", database_url)
        # every stage at once, spread over both workers, all writing to one database
        runs = [
            server.run("daily/daily", database_url=database_url, feeds_file=server.sources),
            server.run("poll/poll", database_url=database_url, feeds_file=server.sources),
            server.run("crawl/crawl", database_url=database_url),
            server.run("extract/extract", database_url=database_url),
        ]
        states = [server.wait(run_id) for run_id in runs]
        assert all(state.is_completed() for state in states), [(s.name, s.message) for s in states]
        # whatever order they ran in, one more daily run finishes what is left
        final = server.wait(
            server.run("daily/daily", database_url=database_url, feeds_file=server.sources)
        )
        assert final.is_completed(), final.message
        after = snapshot(database_url)
        assert after.signature() == reference.snapshot().signature(), after.reasons
    finally:
        _drop_postgres_database(base, name)


def test_a_run_killed_half_way_is_finished_by_a_rerun(
    server: Server,
    workers: Callable[[str, str], subprocess.Popen],
    reference: Reference,
    tmp_path: Path,
) -> None:
    database_url = f"sqlite:///{tmp_path / 'frontline.db'}"
    worker = workers("doomed", database_url)
    run_id = server.run("daily/daily", database_url=database_url, feeds_file=server.sources)
    # kill the worker and its flow run as soon as the run has stored something
    deadline = time.monotonic() + RUN_TIMEOUT
    while not (tmp_path / "frontline.db").exists() or not snapshot_or_none(database_url):
        assert time.monotonic() < deadline, "the run stored nothing"
        assert not server.state(run_id).is_final(), f"the run ended first: {server.state(run_id)}"
        time.sleep(0.2)
    killed = snapshot(database_url)
    kill_host(worker)  # the worker, its flow run and the crawl it may be starting
    assert not server.state(run_id).is_final()
    # what a surviving runner reports for a flow run whose process died
    from prefect.states import Crashed

    server.client_call(
        lambda client: client.set_flow_run_state(run_id, Crashed(message="worker killed by the test"))
    )
    workers("survivor", database_url)
    rerun = server.wait(
        server.run("daily/daily", database_url=database_url, feeds_file=server.sources)
    )
    assert rerun.is_completed(), rerun.message
    undisturbed = reference.snapshot()
    assert {status for _, _, status, _ in killed.articles} != {"extracted", "skipped"} or len(
        killed.incidents
    ) < len(undisturbed.incidents), "the run was not killed half-way"
    after = snapshot(database_url)
    assert after.signature() == undisturbed.signature(), (
        f"status reasons after the rerun: {after.reasons}; when the run was killed: {killed.reasons}"
    )


@pytest.fixture
def zombie_automation(server: Server, tmp_path: Path) -> Iterator[tuple[str, float]]:
    """The repository's zombie-run automation on the server (window shortened); removed after.

    Yields its name and the ``time.monotonic()`` from which the server watches runs with
    it: the triggers service loads new automations every 5 s.
    """
    definition = yaml.safe_load(ZOMBIE_AUTOMATION.read_text(encoding="utf-8"))
    definition["trigger"]["within"] = MISSED_HEARTBEAT_SECONDS
    path = tmp_path / ZOMBIE_AUTOMATION.name
    path.write_text(yaml.safe_dump(definition), encoding="utf-8")
    server.cli("automation", "create", "--from-file", str(path))
    try:
        yield definition["name"], time.monotonic() + 6
    finally:
        server.cli("automation", "delete", definition["name"])


def test_a_run_whose_host_died_is_crashed_and_rerun(
    server: Server,
    workers: Callable[[str, str], subprocess.Popen],
    reference: Reference,
    zombie_automation: tuple[str, float],
    tmp_path: Path,
) -> None:
    automation, watching_from = zombie_automation
    database_url = f"sqlite:///{tmp_path / 'frontline.db'}"
    worker = workers("lost-host", database_url)
    time.sleep(max(0.0, watching_from - time.monotonic()))  # the run's first heartbeat must count
    run_id = server.run("daily/daily", database_url=database_url, feeds_file=server.sources)
    deadline = time.monotonic() + RUN_TIMEOUT
    while not (tmp_path / "frontline.db").exists() or not snapshot_or_none(database_url):
        assert time.monotonic() < deadline, "the run stored nothing"
        assert not server.state(run_id).is_final(), f"the run ended first: {server.state(run_id)}"
        time.sleep(0.2)
    kill_host(worker)  # no process is left to report the run's end
    killed_at = time.monotonic()
    workers("survivor", database_url)
    # the missed heartbeats are noticed: the run is Crashed, not Running forever
    bound = MISSED_HEARTBEAT_SECONDS + 30 + 15  # window + one heartbeat period + evaluation
    state = server.state(run_id)
    while not state.is_final():
        assert time.monotonic() - killed_at < bound, f"run {run_id} still {state.name} after {bound} s"
        time.sleep(1)
        state = server.state(run_id)
    assert state.is_crashed() and automation in (state.message or ""), state
    # and the automation started the deployment again, with the run's parameters
    rerun_id = server.wait_for_rerun(run_id, timeout=60)
    rerun = server.wait(rerun_id)
    assert rerun.is_completed(), rerun.message
    after = snapshot(database_url)
    assert after.signature() == reference.snapshot().signature(), after.reasons


def snapshot_or_none(database_url: str) -> Snapshot | None:
    """The knowledge base once the run has queued articles, else None (also while migrating)."""
    from sqlalchemy.exc import OperationalError, ProgrammingError

    from frontline.errors import DatabaseError

    try:
        found = snapshot(database_url)
    except (OperationalError, ProgrammingError, DatabaseError):  # sessions wrap driver errors
        return None
    return found if found.articles else None

"""Benchmark: the analyst API under concurrent clients, on PostgreSQL.

Fills a new PostgreSQL database with ``--n`` generated incidents (as bench/query.py does),
starts the real server (``frontline serve --workers W``) on a free port of 127.0.0.1, and
runs 1, 10, 50, 100 and 200 concurrent clients for ``--seconds`` each, every client asking
for pages of ``/api/incidents`` one after another. For each level it prints requests per
second, p50 and p99 latency, 5xx answers and failures (timeouts, refused connections);
then the time to fetch a GeoJSON layer of 10,000 points. The baseline, measured in the same
run, is one client: each level's throughput is given as a ratio to it. The last line is
one JSON object. It prints; it does not assert.

    .venv/bin/python bench/api.py [--n 100000] [--workers 2] [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import httpx  # noqa: E402
from query import fill_postgres  # noqa: E402  (bench/query.py: the same generated incidents)
from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

LEVELS = (1, 10, 50, 100, 200)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(server: str, n: int) -> tuple[str, str, object]:
    """A new database with ``n`` incidents and a token: (url, token, drop)."""
    from storage.database import Database
    from storage.schema import upgrade
    from web.tokens import create_token

    base = server.replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"frontline_bench_api_{uuid.uuid4().hex[:8]}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(base).set(database=name).render_as_string(hide_password=False)

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    engine = create_engine(url)
    upgrade(engine)
    engine.dispose()
    database = Database(url)
    fill_postgres(database, n)
    with database.session() as session:
        token = create_token(session, "bench")
    database.dispose()
    return url, token, drop


def start_server(url: str, port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "FRONTLINE_DATABASE_URL": url}
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "frontline"), "serve", "--port", str(port),
         "--workers", str(workers)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/openapi.json", timeout=2).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(f"server did not start: {process.stderr.read()[-2000:] if process.stderr else ''}")


async def load(port: int, token: str, clients: int, seconds: float) -> dict:
    """``clients`` concurrent clients for ``seconds``: throughput, latencies and errors."""
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    failures = 0
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", limits=limits,
                                 headers={"Authorization": f"Bearer {token}"},
                                 timeout=60) as client:
        async def one(seed: int) -> None:
            nonlocal failures
            rng = random.Random(seed)
            while time.monotonic() < stop:
                params = {"limit": 50, "offset": rng.randrange(0, 2000)}
                started = time.perf_counter()
                try:
                    response = await client.get("/api/incidents", params=params)
                    statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                except httpx.HTTPError:
                    failures += 1
                    continue
                latencies.append(time.perf_counter() - started)

        began = time.monotonic()
        await asyncio.gather(*(one(i) for i in range(clients)))
        elapsed = time.monotonic() - began
    ordered = sorted(latencies) or [0.0]
    return {
        "clients": clients, "requests": len(latencies),
        "requests_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(ordered), 1),
        "p99_ms": round(1000 * ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))], 1),
        "server_errors": sum(c for s, c in statuses.items() if s >= 500),
        "busy_503": statuses.get(503, 0), "failures": failures,
    }


def geojson_ms(port: int, token: str, repeat: int = 5) -> float:
    times = []
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120,
                      headers={"Authorization": f"Bearer {token}"}) as client:
        for _ in range(repeat):
            started = time.perf_counter()
            response = client.get("/api/incidents.geojson", params={"limit": 10000})
            response.raise_for_status()
            times.append(time.perf_counter() - started)
    return round(1000 * statistics.median(times), 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000, help="Incidents, e.g. 100000.")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="Server processes.")
    ap.add_argument("--seconds", type=float, default=10.0, help="Seconds at each level.")
    ap.add_argument("--levels", default=",".join(map(str, LEVELS)), help="Client counts.")
    ap.add_argument("--postgres", default=os.environ.get("FRONTLINE_BENCH_POSTGRES_URL")
                    or os.environ.get("FRONTLINE_TEST_POSTGRES_URL")
                    or "postgresql://postgres@127.0.0.1:5432/test", help="PostgreSQL server.")
    args = ap.parse_args(argv)

    url, token, drop = prepare(args.postgres, args.n)
    port = free_port()
    server = start_server(url, port, args.workers)
    results = []
    try:
        for clients in (int(c) for c in args.levels.split(",")):
            row = asyncio.run(load(port, token, clients, args.seconds))
            results.append(row)
            base = results[0]["requests_per_s"] or 1
            print(f"{clients:>4} clients: {row['requests_per_s']:>7.1f} req/s "
                  f"({row['requests_per_s'] / base:.1f}x one client), p50 {row['p50_ms']} ms, "
                  f"p99 {row['p99_ms']} ms, 5xx {row['server_errors']} "
                  f"(503 {row['busy_503']}), failures {row['failures']}", flush=True)
        geo = geojson_ms(port, token)
        print(f"GeoJSON of up to 10,000 points: {geo} ms (median of 5)")
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        drop()  # type: ignore[operator]
    print(json.dumps({"bench": "api", "incidents": args.n, "workers": args.workers,
                      "levels": results, "geojson_10k_ms": geo}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

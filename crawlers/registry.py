"""The source registry: which outlets and police newsrooms we read, and where.

Sites differ by an entry in ``crawlers/data/sources.yaml``, not by code. Each entry
names the source and lists its RSS/Atom feeds, news sitemaps and, for sites without
either, a listing page with the CSS or XPath selector of its article links.
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from sqlalchemy import select
from sqlalchemy.orm import Session

from crawlers.urls import canonicalize_url
from frontline.errors import ConfigError

logger = logging.getLogger(__name__)

BUNDLED = "sources.yaml"


class ListingSpec(BaseModel):
    """A page that lists article links, and how to find them on it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    url: str
    css: str | None = Field(default=None, description="CSS selector of the article links, e.g. 'h3 a'.")
    xpath: str | None = Field(default=None, description="XPath of the article links' href.")


class SourceSpec(BaseModel):
    """One outlet or police force newsroom, as listed in the registry."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=100)
    title: str = ""
    homepage: str | None = None
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listing: ListingSpec | None = None
    language: str = "en"
    region: str | None = None
    force: str | None = None
    enabled: bool = True

    @field_validator("feeds", "sitemaps")
    @classmethod
    def _http_urls(cls, urls: tuple[str, ...]) -> tuple[str, ...]:
        for url in urls:
            if canonicalize_url(url) is None:
                raise ValueError(f"not an http(s) URL: {url!r}")
        return urls

    @property
    def display_name(self) -> str:
        """The title when there is one, else the name."""
        return self.title or self.name


def _read_text(path: Path | None) -> tuple[str, str]:
    if path is None:
        resource = resources.files("crawlers") / "data" / BUNDLED
        return str(resource), resource.read_text(encoding="utf-8")
    try:
        return str(path), Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the source list: {exc.strerror}") from exc


def parse_sources(text: str, origin: str) -> list[SourceSpec]:
    """Read a YAML list of sources; a bad entry fails naming ``origin`` and the entry."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ConfigError(f"{origin}: not valid YAML: {exc}") from exc
    if isinstance(data, dict):
        data = data.get("sources")
    if not isinstance(data, list):
        raise ConfigError(f"{origin}: expected a list of sources (or a 'sources:' key)")
    specs: list[SourceSpec] = []
    seen: set[str] = set()
    for index, entry in enumerate(data, start=1):
        label = entry.get("name", f"#{index}") if isinstance(entry, dict) else f"#{index}"
        try:
            spec = SourceSpec.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'entry'}: {e['msg']}" for e in exc.errors()
            )
            raise ConfigError(f"{origin}: source {label} (entry {index}): {problems}") from exc
        if spec.name in seen:
            raise ConfigError(f"{origin}: source {spec.name} (entry {index}) is listed twice")
        seen.add(spec.name)
        specs.append(spec)
    return specs


def load_sources(path: Path | None = None) -> list[SourceSpec]:
    """The sources in ``path``, or in the bundled ``crawlers/data/sources.yaml``.

    Pass ``settings.feeds_file`` to honour the ``FRONTLINE_FEEDS_FILE`` override.
    """
    origin, text = _read_text(path)
    specs = parse_sources(text, origin)
    logger.debug("loaded %d sources from %s", len(specs), origin)
    return specs


def with_database_sources(session: Session, specs: list[SourceSpec]) -> list[SourceSpec]:
    """``specs`` plus the sources added to the database only (``frontline sources add``)."""
    from storage.models import Source

    known = {spec.name for spec in specs}
    extra = []
    for source in session.scalars(select(Source).order_by(Source.name)):
        if source.name in known:
            continue
        extra.append(
            SourceSpec(
                name=source.name,
                title=source.title,
                homepage=source.homepage,
                feeds=tuple(f.url for f in source.feeds if f.kind == "rss"),
                sitemaps=tuple(f.url for f in source.feeds if f.kind == "sitemap"),
                region=source.region,
                force=source.force,
                enabled=source.enabled,
            )
        )
    return [*specs, *extra]

"""The source registry: the bundled list loads, bad entries fail naming file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from crawlers.registry import load_sources, with_database_sources
from frontline.errors import ConfigError
from storage.database import Database
from storage.models import Feed, Source
from storage.sources import set_source_enabled, sync_sources


def test_bundled_registry_loads_with_uk_outlets_and_forces() -> None:
    specs = load_sources()
    names = {s.name for s in specs}
    assert len(specs) >= 50
    assert {"bbc-news-uk", "sky-news", "guardian-uk", "police-professional", "met-police"} <= names
    assert sum(len(s.feeds) for s in specs) >= 50
    assert all(s.feeds or s.sitemaps or s.listing for s in specs)


@pytest.mark.parametrize(
    "text,message",
    [
        ("- name: ok\n  feeds: [javascript:alert(1)]\n", "source ok (entry 1): feeds"),
        ("- name: ok\n- name: Bad Name\n", "source Bad Name (entry 2): name"),
        ("- name: ok\n  colour: red\n", "source ok (entry 1): colour"),
        ("- name: twice\n- name: twice\n", "source twice (entry 2) is listed twice"),
        ("just text", "expected a list"),
        ("- name: [unclosed\n", "not valid YAML"),
    ],
)
def test_bad_entries_fail_naming_file_and_entry(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_sources(path)
    assert str(path) in str(caught.value) and message in str(caught.value)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nowhere.yaml"):
        load_sources(tmp_path / "nowhere.yaml")


def test_sync_is_idempotent_and_keeps_operator_switches(db: Database) -> None:
    specs = load_sources()[:5]
    with db.session() as session:
        first = sync_sources(session, specs)
    with db.session() as session:
        again = sync_sources(session, specs)
        set_source_enabled(session, specs[0].name, False)
    with db.session() as session:
        sync_sources(session, specs)
        assert session.get(Source, 1).enabled is False
        assert session.scalar(select(func.count()).select_from(Source)) == 5
        assert session.scalar(select(func.count()).select_from(Feed)) == first.feeds_added
    assert first.sources_added == 5 and (again.sources_added, again.feeds_added) == (0, 0)


def test_database_only_sources_join_the_registry(db: Database) -> None:
    from crawlers.registry import SourceSpec

    extra = SourceSpec(name="hull-extra", feeds=("https://example.co.uk/feed.xml",))
    with db.session() as session:
        sync_sources(session, [extra])
        merged = with_database_sources(session, load_sources())
    assert merged[-1].name == "hull-extra" and merged[-1].feeds == extra.feeds

"""The crawling commands, run through Typer's test runner against the local site."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from frontline.cli import app
from frontline.settings import get_settings
from tests.crawlers.conftest import Site

runner = CliRunner()


@pytest.fixture
def feeds_file(tmp_path: Path, site: Site, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FRONTLINE_AUTOTHROTTLE", "false")
    monkeypatch.setenv("COLUMNS", "300")  # wide tables: no URL folded over lines
    monkeypatch.setenv("FRONTLINE_FETCH_TIMEOUT", "5")
    get_settings.cache_clear()
    path = tmp_path / "sources.yaml"
    path.write_text(
        f"- name: local-news\n  title: Local News\n  feeds: ['{site.url('/feed-small.xml')}']\n"
        f"- name: broken\n  feeds: ['{site.url('/missing.xml')}']\n",
        encoding="utf-8",
    )
    return path


def test_poll_crawl_and_status(feeds_file: Path) -> None:
    polled = runner.invoke(app, ["poll", "--feeds-file", str(feeds_file), "--json"])
    assert polled.exit_code == 0, polled.output
    report = json.loads(polled.stdout)
    assert report["queued"] == 2 and report["feeds_failed"] == 1

    crawled = runner.invoke(app, ["crawl", "--limit", "5"])
    assert crawled.exit_code == 0, crawled.output
    assert "stored" in crawled.stdout

    status = runner.invoke(app, ["sources", "status"])
    assert status.exit_code == 0 and "HTTP 404" in status.stdout and "local-news" in status.stdout


def test_sources_list_disable_enable_and_test(feeds_file: Path, site: Site) -> None:
    listed = runner.invoke(app, ["sources", "list", "--feeds-file", str(feeds_file)])
    assert listed.exit_code == 0 and "local-news" in listed.stdout
    off = runner.invoke(app, ["sources", "disable", "local-news", "--feeds-file", str(feeds_file)])
    assert off.exit_code == 0 and "disabled" in off.stdout
    polled = runner.invoke(app, ["poll", "--feeds-file", str(feeds_file), "--json"])
    assert json.loads(polled.stdout)["feeds_polled"] == 1  # only the broken one
    assert runner.invoke(app, ["sources", "enable", "local-news", "--feeds-file", str(feeds_file)]).exit_code == 0
    tested = runner.invoke(app, ["sources", "test", "local-news", "--feeds-file", str(feeds_file)])
    assert tested.exit_code == 0 and site.url("/feed-small.xml") in tested.stdout.replace("\n", "")


def test_sources_add_and_errors(feeds_file: Path, site: Site) -> None:
    added = runner.invoke(app, ["sources", "add", "extra-news", "--feed", site.url("/feeds/rss2_guardian_media.xml")])
    assert added.exit_code == 0 and "1 source" in added.stdout
    polled = runner.invoke(app, ["poll", "--feeds-file", str(feeds_file), "--json"])
    assert json.loads(polled.stdout)["queued"] == 2 + 55
    bad = runner.invoke(app, ["sources", "add", "Bad Name", "--feed", "javascript:alert(1)"])
    assert bad.exit_code == 1 and "Bad Name" in bad.output
    missing = runner.invoke(app, ["sources", "disable", "nobody"])
    assert missing.exit_code == 1 and "nobody" in missing.output


def test_sources_test_reads_sitemaps_and_listings(feeds_file: Path, site: Site) -> None:
    path = feeds_file.with_name("more.yaml")
    path.write_text(
        f"- name: mixed\n  sitemaps: ['{site.url('/sitemap-index.xml')}']\n"
        f"  listing: {{url: '{site.url('/listing.html')}', css: li.story}}\n",
        encoding="utf-8",
    )
    tested = runner.invoke(app, ["sources", "test", "mixed", "--feeds-file", str(path)])
    assert tested.exit_code == 0, tested.output
    rows = [line for line in tested.stdout.splitlines() if "127.0.0.1" in line]
    assert any("sitemap" in r and " 3 " in r for r in rows), tested.stdout
    assert any("listing" in r and " 4 " in r for r in rows), tested.stdout

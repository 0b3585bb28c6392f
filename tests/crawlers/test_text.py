"""Article text: trafilatura's quality on real pages, and pages that are not articles."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from crawlers.text import extract_page, looks_like_consent_wall, meta_refresh_target
from tests.conftest import SHARED

ARTICLES = sorted((SHARED / "fixtures" / "articles").glob("*.html"))
HOSTILE = SHARED / "fixtures" / "hostile"


def token_f1(found: str, expected: str) -> float:
    """Token-level F1 of ``found`` against ``expected`` (lowercased word tokens)."""
    got, want = Counter(re.findall(r"\w+", found.lower())), Counter(re.findall(r"\w+", expected.lower()))
    common = sum((got & want).values())
    if not common:
        return 0.0
    precision, recall = common / sum(got.values()), common / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def test_mean_token_f1_on_the_benchmark_pages_stays_high() -> None:
    scores = []
    for html in ARTICLES:
        page = extract_page(html.read_bytes(), "https://news.example.com/article")
        expected = html.with_suffix(".txt").read_text(encoding="utf-8")
        scores.append(token_f1(page.text if page else "", expected))
    mean = sum(scores) / len(scores)
    assert len(scores) == 22
    assert mean >= 0.95, f"mean token F1 {mean:.3f}"
    assert min(scores) >= 0.7


def test_metadata_of_a_real_page() -> None:
    bbc = SHARED / "fixtures" / "articles" / "70cb2d5bca75ab5a8f6bb378a38a52f882f6bda508de93b12502e74936d86ff2.html"
    page = extract_page(bbc.read_bytes(), "https://www.bbc.com/news/amp/newsbeat-50470672")
    assert page is not None
    assert page.title.startswith("Taylor Swift")
    assert page.canonical_url == "https://www.bbc.com/news/newsbeat-50470672"
    assert page.language == "en"
    assert page.published is not None and page.published.tzinfo is not None
    assert page.published_source == "meta"


def test_htmldate_is_the_fallback_for_dates() -> None:
    page = extract_page(
        (SHARED / "fixtures" / "articles" / "d90bda7ed14df19574f4ca8b1ccde5752a78f40058af1393e81cc99adb3e8756.html").read_bytes(),
        "http://www.panarmenian.net/eng/news/275221/",
    )
    assert page is not None and page.published_source == "htmldate"
    assert page.published.year == 2019


def test_script_page_gives_only_the_article() -> None:
    page = extract_page((HOSTILE / "article_script_in_title_js_links.html").read_bytes(), "https://x.uk/a")
    assert page is not None
    assert "INJECTED PARAGRAPH" not in page.text and "NOSCRIPT TEXT" not in page.text
    assert "<script" not in page.title and "alert(" not in page.text


def test_consent_wall_is_detected_and_articles_are_not() -> None:
    wall = extract_page((HOSTILE / "cookie_wall_only.html").read_bytes(), "https://x.uk/a")
    assert wall is not None and looks_like_consent_wall(wall.text)
    for html in ARTICLES:
        page = extract_page(html.read_bytes(), "https://news.example.com/article")
        assert page is not None and not looks_like_consent_wall(page.text), html.name


def test_meta_refresh_targets() -> None:
    a = (HOSTILE / "meta_refresh_loop_a.html").read_bytes()
    assert meta_refresh_target(a, "https://x.uk/h/meta_refresh_loop_a.html") == "https://x.uk/h/meta_refresh_loop_b.html"
    assert meta_refresh_target(b'<meta http-equiv="refresh" content="300">', "https://x.uk/") is None
    assert meta_refresh_target(b'<meta http-equiv="refresh" content="0">', "https://x.uk/") is None
    assert meta_refresh_target(ARTICLES[0].read_bytes(), "https://x.uk/") is None


@pytest.mark.parametrize("path", sorted(HOSTILE.glob("*.html")) + sorted(HOSTILE.glob("*.xml")), ids=lambda p: p.name)
def test_hostile_inputs_never_crash_the_extractor(path: Path) -> None:
    page = extract_page(path.read_bytes(), "https://x.uk/page")
    if page is not None:
        assert "\x00" not in page.text + page.title


def test_huge_page_is_extracted_without_script_text(tmp_path: Path) -> None:
    script = b"<script>" + b"var leak = 'SCRIPTLEAK';" * 20000 + b"</script>"
    body = b"<html><body>" + script + b"<article>" + b"<p>Officers attended the scene in Leeds.</p>" * 5000 + b"</article></body></html>"
    page = extract_page(body, "https://x.uk/big")
    assert page is not None and "SCRIPTLEAK" not in page.text and len(page.text) > 100_000

"""Near-duplicates: a rewritten wire copy is found, different stories are not."""

from __future__ import annotations

from crawlers.dedupe import NearDuplicateIndex, shingles, signature
from tests.conftest import SHARED

TEXTS = [p.read_text(encoding="utf-8") for p in sorted((SHARED / "fixtures" / "articles").glob("*.txt"))]


def _index() -> NearDuplicateIndex:
    index = NearDuplicateIndex(threshold=0.7)
    for number, text in enumerate(TEXTS):
        index.add(number, text)
    return index


def test_rewritten_wire_copy_is_found() -> None:
    index = _index()
    for number in (0, 5, 12):
        paragraphs = [p for p in TEXTS[number].splitlines() if p.strip()]
        copy = "\n".join(["A regional desk's own opening line.", *paragraphs[1:-1], "A local closing note."])
        found = index.find(copy)
        assert found is not None and found[0] == number and found[1] >= 0.7


def test_different_stories_are_not_duplicates() -> None:
    index = NearDuplicateIndex(threshold=0.7)
    for number, text in enumerate(TEXTS):
        found = index.find(text)
        assert found is None, f"text {number} matched {found}"
        index.add(number, text)
    assert len(index) == sum(signature(t) is not None for t in TEXTS)


def test_short_texts_are_not_compared() -> None:
    index = _index()
    assert index.find("Police were called.") is None
    assert index.add("short", "Too short to compare.") is False
    assert shingles("one two") == {b"one two"}

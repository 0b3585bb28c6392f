"""The words our rules read, by kind, from ``nlp/data/lexicon.jsonl``.

Each row of the file is ``{"id": ..., "kind": ..., "lemmas": [...]}``; several rows may
share a kind. Kinds name what the words are to the rules: ``attack_verb``, ``officer``,
``court_cue``, ``separate_cue``, ``person_subject`` and so on. Words are lowercased and
matched against a token's lemma or its lowercase form, as each rule says.
"""

from __future__ import annotations

from functools import cache

from frontline.errors import ConfigError
from nlp.datafiles import load_jsonl

LEXICON = "lexicon.jsonl"


@cache
def terms(kind: str) -> frozenset[str]:
    """The lowercased words of every lexicon row of ``kind``; an unknown kind is a
    :class:`ConfigError` (a typo in a rule, not an empty list)."""
    rows = [row for row in load_jsonl(LEXICON, ("kind", "lemmas")) if row["kind"] == kind]
    if not rows:
        raise ConfigError(f"nlp/data/{LEXICON}: no rows of kind {kind!r}")
    return frozenset(word.lower() for row in rows for word in row["lemmas"])

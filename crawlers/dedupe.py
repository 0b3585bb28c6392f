"""Near-duplicate texts: the same wire story published under several URLs.

Texts are compared by the Jaccard similarity of their word 5-shingles, estimated
with MinHash and looked up through locality-sensitive hashing (datasketch), so a new
article is checked against thousands of stored ones in constant time. Exact copies
are caught earlier by the content hash (``storage.articles.content_hash``).
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Hashable

from datasketch import MinHash, MinHashLSH

logger = logging.getLogger(__name__)

SHINGLE_WORDS = 5
NUM_PERM = 128
MIN_WORDS = 30  # shorter texts have too few shingles to compare reliably
MAX_WORDS = 400  # a story's first 400 words identify it; reading on only costs time
PREFIX_CHARS = 4000  # enough characters for MAX_WORDS words, for loading stored texts

_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """The set of ``size``-word shingles of ``text`` (lowercased words)."""
    return _shingles(_WORD.findall(text.lower())[:MAX_WORDS], size)


def _shingles(words: list[str], size: int) -> set[bytes]:
    """The ``size``-word shingles of already split, lowercased ``words``."""
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + size]).encode() for i in range(len(words) - size + 1)}


@functools.cache
def _template() -> MinHash:
    """An empty MinHash whose permutations every signature shares (drawing them is costly)."""
    return MinHash(num_perm=NUM_PERM)


def signature(text: str) -> MinHash | None:
    """The MinHash of ``text``, or None when it is too short to compare."""
    words = _WORD.findall(text[:PREFIX_CHARS].lower())[:MAX_WORDS]  # read the text once
    if len(words) < MIN_WORDS:
        return None
    template = _template()
    minhash = MinHash(num_perm=NUM_PERM, permutations=template.permutations, scheme=template.scheme)
    minhash.update_batch(list(_shingles(words, SHINGLE_WORDS)))
    return minhash


class NearDuplicateIndex:
    """Texts seen so far, to find the one a new text nearly repeats.

    ``threshold`` is the estimated Jaccard similarity of shingles from which two texts
    count as the same story (0.7 tolerates a rewritten intro and a different ending).
    """

    def __init__(self, threshold: float = 0.7) -> None:
        self.threshold = threshold
        # The LSH only proposes candidates; each is checked against ``threshold``. A lower
        # LSH threshold weighted towards recall keeps stories near the line from slipping by.
        self._lsh = MinHashLSH(
            threshold=max(0.3, threshold - 0.2), num_perm=NUM_PERM, weights=(0.3, 0.7)
        )
        self._signatures: dict[Hashable, MinHash] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def add(self, key: Hashable, text: str | MinHash | None) -> bool:
        """Remember ``text`` (or its signature) under ``key``; False when too short or known."""
        minhash = signature(text) if isinstance(text, str) else text
        if minhash is None or key in self._signatures:
            return False
        self._lsh.insert(key, minhash)
        self._signatures[key] = minhash
        return True

    def check(self, key: Hashable, text: str) -> tuple[Hashable, float] | None:
        """The remembered text that ``text`` nearly repeats; when there is none, remember it."""
        minhash = signature(text)
        if minhash is None:
            return None
        found = self._best(minhash)
        if found is None:
            self.add(key, minhash)
        return found

    def remove(self, key: Hashable) -> None:
        """Forget the text remembered under ``key`` (no error when unknown)."""
        if self._signatures.pop(key, None) is not None:
            self._lsh.remove(key)

    def find(self, text: str) -> tuple[Hashable, float] | None:
        """The most similar remembered text at or above the threshold, with its similarity."""
        minhash = signature(text)
        return None if minhash is None else self._best(minhash)

    def _best(self, minhash: MinHash) -> tuple[Hashable, float] | None:
        best: tuple[Hashable, float] | None = None
        for key in self._lsh.query(minhash):
            similarity = minhash.jaccard(self._signatures[key])
            if similarity >= self.threshold and (best is None or similarity > best[1]):
                best = (key, similarity)
        return best

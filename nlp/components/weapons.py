"""``frontline_weapons``: tag words that say how an attack was carried out.

Patterns (spaCy Matcher token patterns) come from ``nlp/data/weapons.jsonl``; each
entry names one contract category (bladed, firearm, vehicle, blunt, bodily,
spitting, corrosive, animal, incendiary, other). Writes
``doc.spans["frontline_weapons"]`` with the category as label and the pattern's id as
``span.id_`` (so evidence can say which rule fired); of overlapping
matches the longest is kept (a "petrol bomb" is incendiary, not also a blunt "bottle").
"""

from __future__ import annotations

import logging
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from frontline.errors import ConfigError
from nlp.datafiles import load_jsonl
from nlp.extensions import SPANS_WEAPONS

logger = logging.getLogger(__name__)

CATEGORIES: tuple[str, ...] = tuple(
    row["id"] for row in load_jsonl("weapon_categories.jsonl", ("description",))
)
"""The contract's weapon categories (``nlp/data/weapon_categories.jsonl``)."""


@lru_cache(maxsize=1)
def _weapon_words() -> dict[str, str]:
    """Each word of a one-word weapon pattern ("knife", "machete", "gun") to its category."""
    words = {category: category for category in CATEGORIES}
    for row in load_jsonl("weapons.jsonl", ("category", "pattern")):
        if len(row["pattern"]) != 1:
            continue
        for spec in row["pattern"][0].values():
            if isinstance(spec, dict) and isinstance(spec.get("IN"), list):
                for word in spec["IN"]:
                    words.setdefault(str(word).lower(), row["category"])
    return words


def weapon_category(text: str) -> str | None:
    """The contract category of a weapon as people write it ("knife" is bladed, "gun"
    firearm, "bladed" itself); None when it names none."""
    word = text.strip().lower()
    words = _weapon_words()
    return words.get(word) or words.get(word.rstrip("s"))


def _lower_variant(pattern: list[dict]) -> list[list[dict]]:
    """The same pattern on lower-cased text, so "Acid" (tagged PROPN, lemma "Acid") matches."""
    if not any("LEMMA" in spec for spec in pattern):
        return []
    variant = []
    for spec in pattern:
        spec = dict(spec)
        if "LEMMA" in spec:
            words = spec.pop("LEMMA")
            if isinstance(words, dict) and "IN" in words:
                words = {"IN": sorted({*words["IN"], *(w + "s" for w in words["IN"])})}
            spec["LOWER"] = words
        variant.append(spec)
    return [variant]


class WeaponTagger:
    """Match weapon nouns and attack verbs to contract weapon categories."""

    def __init__(self, nlp: Language, name: str, patterns_file: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.categories: dict[str, str] = {}
        for row in load_jsonl(patterns_file, ("category", "pattern")):
            if row["category"] not in CATEGORIES:
                raise ConfigError(
                    f"nlp/data/{patterns_file}: {row['id']}: unknown category {row['category']!r}"
                )
            self.categories[row["id"]] = row["category"]
            self.matcher.add(row["id"], [row["pattern"], *_lower_variant(row["pattern"])])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for match_id, start, end in self.matcher(doc):
            pattern = doc.vocab.strings[match_id]
            spans.append(Span(doc, start, end, label=self.categories[pattern], span_id=pattern))
        doc.spans[SPANS_WEAPONS] = filter_spans(spans)
        return doc


@Language.factory("frontline_weapons", default_config={"patterns_file": "weapons.jsonl"})
def make_weapon_tagger(nlp: Language, name: str, patterns_file: str) -> WeaponTagger:
    """Factory of :class:`WeaponTagger`."""
    return WeaponTagger(nlp, name, patterns_file)

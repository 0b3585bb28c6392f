"""Custom attributes our components set on spaCy Docs and Spans.

Call :func:`register_extensions` (idempotent) before running the pipeline;
:mod:`nlp.pipeline` does so.

Doc attributes
    ``published``: the article's publication date (set by the caller), used to resolve
    relative dates. ``attacks``: list of :class:`nlp.attack.Attack` found by
    ``frontline_attacks``. ``incidents``: list of :class:`nlp.mentions.IncidentMention`
    assembled by ``frontline_incidents``. ``relevant``: whether the article reports an
    attack on UK police. ``title_end``: character offset where the title ends (0 if none).

Span attributes
    ``date``: the resolved date of a span in ``doc.spans["frontline_dates"]``.
    ``force``: the force a place or force span points to. ``kind``: a place's kind.
    ``role``: ``"scene"``, ``"institution"`` (hospital, court) or ``"residence"``
    ("a man from Stafford") or ``"foreign"`` (a place abroad, see ``frontline_abroad``).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

SPANS_FORCES = "frontline_forces"
SPANS_PLACES = "frontline_places"
SPANS_WEAPONS = "frontline_weapons"
SPANS_DATES = "frontline_dates"
SPANS_SEVERITY = "frontline_severity"
SPANS_ABROAD = "frontline_abroad"


def register_extensions() -> None:
    """Declare our Doc and Span extensions (safe to call more than once)."""
    doc_defaults: dict[str, object] = {
        "published": None,
        "attacks": None,
        "incidents": None,
        "relevant": False,
        "title_end": 0,
    }
    for name, default in doc_defaults.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)
    span_defaults: dict[str, object] = {
        "date": None, "force": None, "kind": None, "role": "scene", "about_police": None,
    }
    for name, span_default in span_defaults.items():
        if not Span.has_extension(name):
            Span.set_extension(name, default=span_default)


register_extensions()

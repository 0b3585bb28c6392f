"""Publication dates: parse what pages and feeds claim, keep only what is possible.

Every date leaves here timezone-aware in UTC, or as ``None`` when it is missing or
outside the sane window (before 1990, or more than two days ahead of now).
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.datetime(1990, 1, 1, tzinfo=dt.UTC)
FUTURE_SLACK = dt.timedelta(days=2)


def sane_date(value: dt.datetime | None, now: dt.datetime | None = None) -> dt.datetime | None:
    """``value`` in UTC, or ``None`` when it is before 1990 or more than 2 days ahead."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    value = value.astimezone(dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    if value < EARLIEST or value > now + FUTURE_SLACK:
        return None
    return value


def parse_iso_date(raw: str | None) -> dt.datetime | None:
    """An ISO 8601 date or timestamp (``2019-11-18``, ``2019-11-18T10:00:00Z``) in UTC, if sane.

    A timestamp without a zone is taken as UTC; anything unreadable gives ``None``.
    """
    if not raw:
        return None
    text = raw.strip()
    if len(text) > 40:
        return None
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            value = dt.datetime.fromisoformat(text[:10])
        except ValueError:
            return None
    return sane_date(value)

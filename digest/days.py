"""Local days: a digest's day runs midnight to midnight in its time zone (Europe/London by default)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from frontline.errors import ConfigError


def local_zone(tz: str) -> ZoneInfo:
    """The time zone named ``tz``; a :class:`ConfigError` naming it when unknown."""
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ConfigError(f"time zone {tz!r} is not known") from exc


def day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants at which local ``day`` starts and the next day starts."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end.astimezone(dt.UTC)


def local_day(moment: dt.datetime, zone: ZoneInfo) -> dt.date:
    """The local date of a UTC instant."""
    return moment.astimezone(zone).date()

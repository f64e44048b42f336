"""Time in one place: now in UTC, wall clock <-> UTC in a timezone, timezone names, and today at an event.

Moments are aware UTC datetimes; wall-clock times are naive datetimes read in an event's IANA timezone. The
machine's own timezone is never consulted: nothing here calls date.today() or a naive astimezone().
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from typing import Protocol
from zoneinfo import ZoneInfo, available_timezones


class HasTimezone(Protocol):
    timezone: str


Zone = ZoneInfo | str


def utcnow() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(UTC)


@cache
def _known_zones() -> frozenset[str]:
    # "localtime" is the machine's own zone: exactly what this module keeps out.
    return frozenset(available_timezones() - {"localtime"})


def valid_timezone(name: str | None) -> ZoneInfo | None:
    """The IANA timezone of this exact name (e.g. America/Los_Angeles), or None when there is no such zone."""
    if not name or name not in _known_zones():
        return None
    return ZoneInfo(name)


def zone_of(zone: Zone) -> ZoneInfo:
    """A ZoneInfo from a ZoneInfo or a timezone name; an unknown name raises ValueError."""
    if isinstance(zone, ZoneInfo):
        return zone
    found = valid_timezone(zone)
    if found is None:
        raise ValueError(f"{zone!r} is not an IANA timezone")
    return found


def to_utc(wall: datetime, zone: Zone) -> datetime:
    """Wall-clock time in `zone` -> aware UTC, by RFC 5545's rule: a time that happens twice (the autumn fold) is
    the earlier one; a time that never happens (the spring gap) is read with the offset in force before the gap,
    so 02:30 on the night clocks jump from 02:00 to 03:00 is 03:30 after the jump."""
    if wall.tzinfo is not None:
        raise ValueError("to_utc takes a wall-clock time without a timezone; convert aware moments with to_local")
    return wall.replace(tzinfo=zone_of(zone), fold=0).astimezone(UTC)


def to_local(moment: datetime, zone: Zone) -> datetime:
    """An aware moment as wall-clock time in `zone` (aware, carrying the zone for its name and offset)."""
    if moment.tzinfo is None:
        raise ValueError("to_local takes an aware moment; a naive one would be read in the machine's timezone")
    return moment.astimezone(zone_of(zone))


def today_for(where: HasTimezone | Zone, now: datetime | None = None) -> date:
    """Today at an event (or in a timezone): its local date at `now`, by default the current time.
    Dates at an event turn at its local midnight, not at UTC's or the server's."""
    zone = where if isinstance(where, ZoneInfo | str) else where.timezone
    return to_local(now or utcnow(), zone).date()

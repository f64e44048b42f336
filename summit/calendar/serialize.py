"""Write a session's VEVENT without building icalendar objects: the same bytes `icalendar` 7 writes for what
`ics._vevent` adds (its property order, TEXT escaping, RFC 6868 parameter quoting, UTC and TZID date-times, folding
before the 75th octet without splitting a character or an escape), at a fraction of the cost. Pure, like ics.py.

Anything outside the shapes checked here (a tzinfo other than ZoneInfo or UTC, a date instead of a date-time, a
non-string text, a sequence out of range, CR or LF in a URI) makes `vevent` return None, and ics.py falls back to
icalendar, which stays the reference (tests/test_ics_serialize.py compares the two byte for byte)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from icalendar.timezone.tzid import tzid_from_tzinfo

if TYPE_CHECKING:
    from .ics import Happening, Person

LIMIT = 74  # icalendar folds before a character that would bring a line to 75 octets
INT_RANGE = range(-2_147_483_648, 2_147_483_648)  # icalendar's vInt bounds (RFC 5545 INTEGER)
QUOTABLE = re.compile("[,;:\u2019]")  # icalendar's dquote: these force double quotes
RFC_6868 = re.compile(r'\^|\r\n|\r|\n|"')
RFC_6868_CODES = {"^": "^^", "\n": "^n", "\r": "^n", "\r\n": "^n", '"': "^'"}


def escape(text: str) -> str:
    """TEXT escaping in icalendar's order (a literal backslash-N first becomes a newline, as icalendar does)."""
    return (text.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: bytes) -> bytes:
    """icalendar's `_foldline` on UTF-8 bytes: each piece is the longest run of whole characters under 75 octets;
    a piece of more than one character that would end in a backslash or caret gives it to the next piece."""
    n = len(line)
    if n <= LIMIT:
        return line
    pieces = []
    start = 0
    while n - start > LIMIT:
        end = start + LIMIT
        while line[end] & 0xC0 == 0x80:  # never cut inside a multi-byte character
            end -= 1
        if line[end - 1] in b"\\^" and end - 1 > start:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return b"\r\n ".join(pieces)


def param_value(key: str, value: str) -> str:
    """One parameter value as icalendar's Parameters.to_ical writes it (none of the parameters written here, CN, TZID
    and an invitee's, is among those icalendar always quotes; CN is quoted for a space or an apostrophe)."""
    quote = key == "CN" and (" " in value or "'" in value)
    value = RFC_6868.sub(lambda m: RFC_6868_CODES[m[0]], value).replace('"', "'")
    return f'"{value}"' if quote or QUOTABLE.search(value) else value


def params(**values: str) -> str:
    """`;KEY=value` for each parameter, sorted by key as icalendar sorts them."""
    return "".join(f";{key}={param_value(key, value)}" for key, value in sorted(values.items()))


def _stamp(moment: datetime) -> str:
    return f"{moment.year:04}{moment.month:02}{moment.day:02}T{moment.hour:02}{moment.minute:02}{moment.second:02}"


@lru_cache(maxsize=256)
def _zone(zone: ZoneInfo) -> str | None:
    """`;TZID=...` for a zone, "" where icalendar writes UTC (a Z, no TZID), None where it names no zone."""
    tzid = tzid_from_tzinfo(zone)
    if not isinstance(tzid, str):
        return None
    return "" if tzid == "UTC" else params(TZID=tzid)


def when(name: str, moment: object) -> str | None:
    """DTSTART/DTEND: wall-clock time with the zone's TZID, or UTC with a Z; None for shapes left to icalendar."""
    if not isinstance(moment, datetime):
        return None
    zone = moment.tzinfo
    if zone is UTC:
        return f"{name}:{_stamp(moment)}Z"
    if type(zone) is not ZoneInfo:
        return None
    tzid = _zone(zone)
    if tzid is None:
        return None
    return f"{name}{tzid}:{_stamp(moment)}" if tzid else f"{name}:{_stamp(moment)}Z"


def utc(name: str, moment: object) -> str | None:
    """DTSTAMP/LAST-MODIFIED: icalendar converts an aware time to UTC and reads a naive one as UTC."""
    if not isinstance(moment, datetime):
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return f"{name}:{_stamp(moment)}Z"


def address(name: str, person: Person, **extra: str) -> bytes | None:
    """ORGANIZER or ATTENDEE: a mailto: address with its CN and any other parameters, folded."""
    if not (isinstance(person.name, str) and isinstance(person.email, str)) or "\r" in person.email \
            or "\n" in person.email:
        return None
    return fold(f"{name}{params(CN=person.name, **extra)}:mailto:{person.email}".encode())


@lru_cache(maxsize=64)
def _organizer(person: Person) -> bytes | None:
    return address("ORGANIZER", person)


def _texts(item: Happening) -> bool:
    return (isinstance(item.title, str) and isinstance(item.uid, str) and isinstance(item.location, str)
            and isinstance(item.description, str) and isinstance(item.url, str)
            and isinstance(item.categories, tuple | list) and all(isinstance(c, str) for c in item.categories))


def vevent(item: Happening, organizer: Person, attendee: bytes | None = None) -> bytes | None:
    """`ics._vevent(item, organizer)` (plus an ATTENDEE line already written) as bytes, or None to ask icalendar."""
    if not _texts(item) or type(item.sequence) is not int or item.sequence not in INT_RANGE \
            or "\r" in item.url or "\n" in item.url:
        return None
    starts, ends = when("DTSTART", item.starts), when("DTEND", item.ends)
    stamp, modified = utc("DTSTAMP", item.stamp), utc("LAST-MODIFIED", item.last_modified)
    by = _organizer(organizer) if isinstance(organizer.name, str) and isinstance(organizer.email, str) else None
    if starts is None or ends is None or stamp is None or modified is None or by is None:
        return None
    lines = [b"BEGIN:VEVENT", fold(f"SUMMARY:{escape(item.title)}".encode()), fold(starts.encode()),
             fold(ends.encode()), stamp.encode(), fold(f"UID:{escape(item.uid)}".encode()),
             f"SEQUENCE:{item.sequence}".encode()]
    if attendee is not None:
        lines.append(attendee)
    if item.categories:
        lines.append(fold(("CATEGORIES:" + ",".join(map(escape, item.categories))).encode()))
    if item.description:
        lines.append(fold(f"DESCRIPTION:{escape(item.description)}".encode()))
    lines.append(modified.encode())
    if item.location:
        lines.append(fold(f"LOCATION:{escape(item.location)}".encode()))
    status = "CANCELLED" if item.cancelled else "TENTATIVE" if item.tentative else "CONFIRMED"
    lines += [by, f"STATUS:{status}".encode()]
    if item.url:
        lines.append(fold(f"URL:{item.url}".encode()))
    lines.append(b"END:VEVENT\r\n")
    return b"\r\n".join(lines)

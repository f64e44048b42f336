"""Three independent readings of an iCalendar document, so a test never trusts only the library that wrote it."""

from __future__ import annotations

import icalendar
import vobject
from ical.calendar_stream import IcsCalendarStream


def parse_everywhere(data: bytes):
    """Parse with icalendar (round trip), ical (strict, pydantic) and vobject (validating); returns all three."""
    text = data.decode("utf-8")
    assert all(line.endswith("\r") or line == "" for line in text.split("\n")), "every line must end in CRLF"
    assert all(len(line.encode("utf-8")) <= 75 for line in text.split("\r\n")), "lines are folded at 75 octets"
    first = icalendar.Calendar.from_ical(data)
    assert first.to_ical() == data  # a faithful round trip
    strict = IcsCalendarStream.calendar_from_ics(text)
    loose = vobject.readOne(text, validate=True)
    return first, strict, loose

"""Build iCalendar bytes from plain values. Pure: no app, no database. `icalendar` does the encoding, except for
VEVENTs, which serialize.py writes byte for byte as icalendar would (icalendar stays the reference and the fallback)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, Todo, vCalAddress, vDuration, vText
from icalendar.timezone.tzid import tzid_from_dt

from . import serialize

PRODID = "-//Summit//Summit calendars 1.0//EN"


@dataclass(frozen=True)
class Person:
    name: str
    email: str

    def address(self, **params: str) -> vCalAddress:
        address = vCalAddress(f"mailto:{self.email}")
        address.params["CN"] = vText(self.name)
        address.params.update(params)
        return address


@dataclass(frozen=True)
class Happening:
    """One VEVENT. Times are aware and in the event's own timezone (never floating)."""

    uid: str
    title: str
    starts: datetime
    ends: datetime
    stamp: datetime
    last_modified: datetime
    sequence: int = 0
    cancelled: bool = False
    tentative: bool = False
    location: str = ""
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class Deadline:
    """One VTODO: a due date."""

    uid: str
    summary: str
    due: date
    stamp: datetime
    last_modified: datetime
    sequence: int = 0
    status: str = "NEEDS-ACTION"  # NEEDS-ACTION, IN-PROCESS, COMPLETED, CANCELLED
    percent: int = 0
    description: str = ""
    url: str = ""
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class FeedInfo:
    name: str
    organizer: Person
    refresh: timedelta = field(default=timedelta(hours=1))


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _vevent(item: Happening, organizer: Person) -> Event:
    event = Event()
    event.add("uid", item.uid)
    event.add("dtstamp", item.stamp)
    event.add("dtstart", item.starts)
    event.add("dtend", item.ends)
    event.add("summary", item.title)
    event.add("sequence", item.sequence)
    event.add("last-modified", item.last_modified)
    event.add("status", "CANCELLED" if item.cancelled else "TENTATIVE" if item.tentative else "CONFIRMED")
    event.add("organizer", organizer.address())
    _add_present(event, location=item.location, description=item.description, url=item.url,
                 categories=list(item.categories))
    return event


def _vtodo(item: Deadline, organizer: Person) -> Todo:
    todo = Todo()
    todo.add("uid", item.uid)
    todo.add("dtstamp", item.stamp)
    todo.add("due", item.due)
    todo.add("summary", item.summary)
    todo.add("sequence", item.sequence)
    todo.add("last-modified", item.last_modified)
    todo.add("status", item.status)
    todo.add("percent-complete", max(0, min(100, item.percent)))
    todo.add("organizer", organizer.address())
    _add_present(todo, description=item.description, url=item.url, categories=list(item.categories))
    return todo


def _add_present(component: Event | Todo, **values: object) -> None:
    """Add the optional properties that have a value; empty ones are left out rather than written blank."""
    for name, value in values.items():
        if value:
            component.add(name, value)


def _add_timezones(calendar: Calendar, moments: Iterable[datetime | date]) -> None:
    """Add a VTIMEZONE for every TZID used, covering a year either side of what the calendar holds."""
    days = [m.date() if isinstance(m, datetime) else m for m in moments]
    if days:
        calendar.add_missing_timezones(first_date=min(days) - timedelta(days=366),
                                       last_date=max(days) + timedelta(days=366))


def _finish(calendar: Calendar, moments: Iterable[datetime | date] = ()) -> bytes:
    _add_timezones(calendar, moments)
    return calendar.to_ical()


def _name(calendar: Calendar, info: FeedInfo) -> None:
    calendar.add("name", info.name)
    calendar.add("x-wr-calname", info.name)
    calendar.add("refresh-interval", info.refresh, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(info.refresh))


END = b"END:VCALENDAR\r\n"


def vevent(item: Happening, organizer: Person, attendee: Person | None = None) -> bytes:
    """One session's VEVENT, exactly as it appears inside a feed: a part to cache and concatenate. An attendee makes
    it the VEVENT of an iTIP REQUEST."""
    invitee = serialize.address("ATTENDEE", attendee, **INVITEE) if attendee else None
    if attendee is None or invitee is not None:
        written = serialize.vevent(item, organizer, invitee)
        if written is not None:
            return written
    return vevent_reference(item, organizer, attendee)


def vevent_reference(item: Happening, organizer: Person, attendee: Person | None = None) -> bytes:
    """The same VEVENT as icalendar writes it: what `vevent` must equal, and its fallback for shapes it leaves out."""
    event = _vevent(item, organizer)
    if attendee:
        event.add("attendee", attendee.address(**INVITEE))
    return event.to_ical()


INVITEE = {"RSVP": "TRUE", "PARTSTAT": "NEEDS-ACTION", "ROLE": "REQ-PARTICIPANT", "CUTYPE": "INDIVIDUAL"}
_HEADS: dict[tuple[object, ...], bytes] = {}


def _head(method: str, info: FeedInfo | None, moments: Iterable[datetime]) -> bytes:
    """A calendar's bytes before its events: the header and a VTIMEZONE for every zone of `moments`, over a year
    either side of them. Remembered by what icalendar reads (the TZIDs and the span), as the VTIMEZONE walk is slow."""
    moments = list(moments)
    probes = list({m.tzinfo: m for m in moments if isinstance(m, datetime)}.values())  # a stand-in event per zone
    days = [m.date() if isinstance(m, datetime) else m for m in moments]
    key = (method, info, tuple(tzid_from_dt(m) for m in probes), min(days, default=None), max(days, default=None))
    head = _HEADS.get(key)
    if head is None:
        calendar = _calendar(method)
        if info:
            _name(calendar, info)
        stand_ins = []
        for moment in probes:
            probe = Event()
            probe.add("dtstart", moment)
            stand_ins.append(probe)
            calendar.add_component(probe)
        _add_timezones(calendar, moments)
        calendar.subcomponents = [c for c in calendar.subcomponents if not any(c is p for p in stand_ins)]
        head = calendar.to_ical().removesuffix(END)
        if len(_HEADS) >= 256:
            _HEADS.clear()
        _HEADS[key] = head
    return head


def feed_head(info: FeedInfo, moments: Iterable[datetime]) -> bytes:
    """A feed's bytes before its VEVENTs: the header and a VTIMEZONE for every zone of `moments` (aware times), over
    the same span as `feed` would cover. icalendar writes every VTIMEZONE before the events, so
    `feed_head(...) + b"".join(vevent(...) ...) + END` is byte for byte what `feed` returns for the same items."""
    return _head("PUBLISH", info, moments)


def feed(info: FeedInfo, items: Iterable[Happening]) -> bytes:
    """A subscription feed: METHOD:PUBLISH, a name and refresh hints, the organizer, no attendees."""
    items = list(items)
    head = feed_head(info, [m for item in items for m in (item.starts, item.ends)])
    return head + b"".join(vevent(item, info.organizer) for item in items) + END


def single(item: Happening, organizer: Person) -> bytes:
    """One session to download: no calendar name, so clients add it to the calendar the person chooses."""
    return _head("PUBLISH", None, [item.starts, item.ends]) + vevent(item, organizer) + END


def request(item: Happening, organizer: Person, attendee: Person) -> bytes:
    """An iTIP REQUEST for one attendee, so that mail clients show Accept / Decline."""
    return _head("REQUEST", None, [item.starts, item.ends]) + vevent(item, organizer, attendee) + END


def todos(info: FeedInfo, items: Iterable[Deadline]) -> bytes:
    """Due dates as a feed of VTODOs."""
    calendar = _calendar("PUBLISH")
    _name(calendar, info)
    for item in items:
        calendar.add_component(_vtodo(item, info.organizer))
    return _finish(calendar)  # due dates are dates: no timezone needed

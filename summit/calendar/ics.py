"""Build iCalendar bytes from plain values. Pure: no app, no database; `icalendar` does the encoding."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event, Todo, vCalAddress, vDuration, vText

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


def vevent(item: Happening, organizer: Person) -> bytes:
    """One session's VEVENT, exactly as it appears inside a feed: a part to cache and concatenate."""
    return _vevent(item, organizer).to_ical()


def feed_head(info: FeedInfo, moments: Iterable[datetime]) -> bytes:
    """A feed's bytes before its VEVENTs: the header and a VTIMEZONE for every zone of `moments` (aware times), over
    the same span as `feed` would cover. icalendar writes every VTIMEZONE before the events, so
    `feed_head(...) + b"".join(vevent(...) ...) + END` is byte for byte what `feed` returns for the same items."""
    calendar = _calendar("PUBLISH")
    _name(calendar, info)
    moments = list(moments)
    probes = []
    for moment in {m.tzinfo: m for m in moments}.values():  # a stand-in event per zone names its TZID
        probe = Event()
        probe.add("dtstart", moment)
        probes.append(probe)
        calendar.add_component(probe)
    _add_timezones(calendar, moments)
    calendar.subcomponents = [c for c in calendar.subcomponents if not any(c is p for p in probes)]
    return calendar.to_ical().removesuffix(END)


def feed(info: FeedInfo, items: Iterable[Happening]) -> bytes:
    """A subscription feed: METHOD:PUBLISH, a name and refresh hints, the organizer, no attendees."""
    items = list(items)
    head = feed_head(info, [m for item in items for m in (item.starts, item.ends)])
    return head + b"".join(vevent(item, info.organizer) for item in items) + END


def single(item: Happening, organizer: Person) -> bytes:
    """One session to download: no calendar name, so clients add it to the calendar the person chooses."""
    calendar = _calendar("PUBLISH")
    calendar.add_component(_vevent(item, organizer))
    return _finish(calendar, [item.starts, item.ends])


def request(item: Happening, organizer: Person, attendee: Person) -> bytes:
    """An iTIP REQUEST for one attendee, so that mail clients show Accept / Decline."""
    calendar = _calendar("REQUEST")
    event = _vevent(item, organizer)
    event.add("attendee", attendee.address(RSVP="TRUE", PARTSTAT="NEEDS-ACTION", ROLE="REQ-PARTICIPANT",
                                           CUTYPE="INDIVIDUAL"))
    calendar.add_component(event)
    return _finish(calendar, [item.starts, item.ends])


def todos(info: FeedInfo, items: Iterable[Deadline]) -> bytes:
    """Due dates as a feed of VTODOs."""
    calendar = _calendar("PUBLISH")
    _name(calendar, info)
    for item in items:
        calendar.add_component(_vtodo(item, info.organizer))
    return _finish(calendar)  # due dates are dates: no timezone needed

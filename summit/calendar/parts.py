"""Agenda feeds built from parts: each session's VEVENT bytes are built once per version of that session and kept in
the one cache; a feed is the cached header (with its VTIMEZONE), the parts in order, and the end line. A change to
one session rebuilds one part, and an unchanged session is never loaded as an object: the feed reads the columns its
parts are keyed on, then loads only the sessions whose part is missing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from ..agenda.models import AgendaSession, Room, SessionStatus, SignUpStatus, Track, Visibility, session_organisations
from ..agenda.queries import for_everyone
from ..agenda.signups import my_signups
from ..auth.permissions import Viewer
from ..cache import cached, keep, peek
from ..events.models import Event
from . import ics
from .services import happening, organizer


@dataclass(frozen=True)
class Part:
    """What one session's VEVENT depends on (every service that edits a session moves updated_at)."""

    id: int
    updated_at: datetime
    sequence: int
    status: SessionStatus
    starts_at: datetime
    ends_at: datetime
    room: str | None
    track: str | None
    tentative: bool = False

    @classmethod
    def of(cls, item: AgendaSession, tentative: bool = False) -> Part:
        return cls(item.id, item.updated_at, item.sequence, item.status, item.starts_at, item.ends_at,
                   item.room.name if item.room else None, item.track.name if item.track else None, tentative)


def agenda_calendar(session: Session, event: Event, viewer: Viewer) -> bytes:
    """The event's agenda as this viewer may see it: two statements (the sessions' key columns, the organisations
    of restricted sessions), plus one to load the sessions whose part this process has not built yet."""
    rows = session.execute(
        select(AgendaSession.id, AgendaSession.updated_at, AgendaSession.sequence, AgendaSession.status,
               AgendaSession.starts_at, AgendaSession.ends_at, Room.name, Track.name, AgendaSession.visibility)
        .outerjoin(Room, Room.id == AgendaSession.room_id).outerjoin(Track, Track.id == AgendaSession.track_id)
        .where(AgendaSession.event_id == event.id).order_by(AgendaSession.starts_at, AgendaSession.id)).all()
    restricted: dict[int, set[int]] = defaultdict(set)
    for session_id, organisation_id in session.execute(
            select(session_organisations.c.session_id, session_organisations.c.organisation_id)
            .join(AgendaSession, AgendaSession.id == session_organisations.c.session_id)
            .where(AgendaSession.event_id == event.id, AgendaSession.visibility == Visibility.RESTRICTED)):
        restricted[session_id].add(organisation_id)
    parts = [Part(*row[:8]) for row in rows
             if viewer.may_see_session_of(row.status, row.visibility, lambda row=row: restricted[row.id])]

    def load(ids: list[int]) -> dict[int, AgendaSession]:
        query = (select(AgendaSession).where(AgendaSession.id.in_(ids))
                 .options(lazyload(AgendaSession.speakers), lazyload(AgendaSession.organisations)))  # not in a part
        return {item.id: item for item in session.scalars(query)}

    return feed_from_parts(event, f"{event.name}: agenda", parts, load)


def my_agenda_calendar(session: Session, event: Event, person_id: int) -> bytes:
    """This person's sessions (tentative while on a waiting list), then the sessions every delegate attends."""
    signups = my_signups(session, event.id, person_id)
    items = {s.session_id: s.session for s in signups}
    everyone = [item for item in for_everyone(session, event) if item.id not in items]
    items.update((item.id, item) for item in everyone)
    parts = [Part.of(s.session, s.status is SignUpStatus.WAITLISTED) for s in signups] + [Part.of(i) for i in everyone]
    return feed_from_parts(event, f"My agenda: {event.name}", parts, lambda ids: {i: items[i] for i in ids})


def feed_from_parts(event: Event, name: str, parts: list[Part],
                    load: Callable[[list[int]], dict[int, AgendaSession]]) -> bytes:
    """`ics.feed` for these sessions, byte for byte: the cached part of each, building (after one `load` of the
    sessions concerned) only those this process does not have; the header once per span of days."""
    info = ics.FeedInfo(name, organizer(event))
    context = (current_app.config["BASE_URL"], info.organizer, event.id, event.updated_at, event.sequence,
               event.timezone, event.venue, event.city, event.slug)
    keys = [("vevent", part, *context) for part in parts]
    found = [peek(key) for key in keys]
    missing = [part.id for part, value in zip(parts, found, strict=True) if value is None]
    if missing:
        items = load(missing)
        for i, (part, value) in enumerate(zip(parts, found, strict=True)):
            if value is None:
                found[i] = ics.vevent(happening(items[part.id], tentative=part.tentative), info.organizer)
                keep(keys[i], found[i], slot=("vevent", part.id, part.tentative))
    return _head(event, info, parts) + b"".join(value or b"" for value in found) + ics.END


def _head(event: Event, info: ics.FeedInfo, parts: list[Part]) -> bytes:
    if not parts:
        return cached(("feed-head", info), lambda: ics.feed_head(info, []))
    first = event.local(min(part.starts_at for part in parts))
    last = event.local(max(part.ends_at for part in parts))
    return cached(("feed-head", info, event.timezone, first.date(), last.date()),
                  lambda: ics.feed_head(info, [first, last]))

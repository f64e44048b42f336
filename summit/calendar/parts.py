"""Agenda feeds built from parts: each session's VEVENT bytes are built once per version of that session and kept in
the one cache; a feed is the cached header (with its VTIMEZONE), the parts in order, and the end line. A change to
one session rebuilds one part, and no session is loaded as an object: the feed reads the columns its parts are keyed
on, then, in one more statement however many are missing, the texts of the sessions whose part is missing."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from ..agenda.models import AgendaSession, Room, SignUpStatus, Track, Visibility, session_organisations
from ..agenda.queries import for_everyone
from ..agenda.signups import my_signups
from ..auth.permissions import Viewer
from ..cache import cached, keep_many, peek_many
from ..events.models import Event
from . import ics
from .happenings import TEXT_COLUMNS, Part, Text, happenings
from .services import organizer

LISTED = 500  # more sessions to load than this: read the event's texts rather than list the ids


def agenda_calendar(session: Session, event: Event, viewer: Viewer) -> bytes:
    """The event's agenda as this viewer may see it: two statements (the sessions' key columns, the organisations
    of restricted sessions), plus one for the texts of the sessions whose part this process has not built yet."""
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

    def load(ids: list[int]) -> dict[int, Text]:
        query = select(*TEXT_COLUMNS).where(AgendaSession.event_id == event.id)
        if len(ids) <= LISTED:
            query = query.where(AgendaSession.id.in_(ids))
        return {row[0]: Text(*row[1:]) for row in session.execute(query)}

    return feed_from_parts(event, f"{event.name}: agenda", parts, load)


def my_agenda_calendar(session: Session, event: Event, person_id: int) -> bytes:
    """This person's sessions (tentative while on a waiting list), then the sessions every delegate attends."""
    signups = my_signups(session, event.id, person_id)
    items = {s.session_id: s.session for s in signups}
    not_in_a_part = (lazyload(AgendaSession.speakers), lazyload(AgendaSession.organisations))
    everyone = [item for item in for_everyone(session, event, *not_in_a_part) if item.id not in items]
    items.update((item.id, item) for item in everyone)
    parts = [Part.of(s.session, s.status is SignUpStatus.WAITLISTED) for s in signups] + [Part.of(i) for i in everyone]
    return feed_from_parts(event, f"My agenda: {event.name}", parts, lambda ids: {i: Text.of(items[i]) for i in ids})


def feed_from_parts(event: Event, name: str, parts: list[Part], load: Callable[[list[int]], dict[int, Text]]) -> bytes:
    """`ics.feed` for these sessions, byte for byte: the cached part of each, building (after one `load` of the
    texts of the sessions concerned) only those this process does not have; the header once per span of days."""
    info = ics.FeedInfo(name, organizer(event))
    context = (current_app.config["BASE_URL"], info.organizer.name, info.organizer.email, event.id,
               event.updated_at, event.sequence, event.timezone, event.venue, event.city, event.slug)  # hashed in C
    keys = [("vevent", part, *context) for part in parts]
    found = peek_many(keys)
    missing = [part.id for part, value in zip(parts, found, strict=True) if value is None]
    if missing:
        texts, build, built = load(missing), happenings(event), []
        for i, (part, value) in enumerate(zip(parts, found, strict=True)):
            if value is None:
                found[i] = ics.vevent(build(part, texts[part.id]), info.organizer)
                built.append((keys[i], found[i], ("vevent", part.id, part.tentative)))
        keep_many(built, key_size=_key_size(built[0][0]))
    return _head(event, info, parts) + b"".join(value or b"" for value in found) + ics.END


def _key_size(example: tuple) -> Callable[[tuple], int]:
    """Weighs a part's key as `repr` would, within a few characters, without writing it out: keys differ from one
    another only by their part, and parts by the length of their room and track."""
    def names(key: tuple) -> int:
        return len(key[1].room or "") + len(key[1].track or "")

    shared = len(repr(example)) - names(example)
    return lambda key: shared + names(key)


def _head(event: Event, info: ics.FeedInfo, parts: list[Part]) -> bytes:
    if not parts:
        return cached(("feed-head", info), lambda: ics.feed_head(info, []))
    first = event.local(min(part.starts_at for part in parts))
    last = event.local(max(part.ends_at for part in parts))
    return cached(("feed-head", info, event.timezone, first.date(), last.date()),
                  lambda: ics.feed_head(info, [first, last]))

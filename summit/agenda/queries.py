"""Reading the programme for a viewer, in a constant number of queries whatever its size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, subqueryload
from sqlalchemy.orm.interfaces import ORMOption

from ..auth.permissions import Viewer
from ..clock import to_local, to_utc, today_for
from ..events.models import Event, Person
from .cards import Card
from .grid import Item, lay_out
from .models import (
    AgendaSession,
    AgendaVersion,
    Room,
    SessionKind,
    SessionSpeaker,
    SessionStatus,
    SignUp,
    SpeakerRole,
    Track,
    Visibility,
    session_organisations,
)


def visible_sessions(session: Session, event: Event, viewer: Viewer, track_id: int | None = None,
                     kind: str | None = None, day: date | None = None) -> list[AgendaSession]:
    """Sessions this viewer may see (on one day at the event, or all), in time order: one query, plus one each for
    speakers and organisations however many sessions there are."""
    query = (select(AgendaSession).where(*_chosen(event, track_id, kind, day))
             .options(subqueryload(AgendaSession.speakers), subqueryload(AgendaSession.organisations)))
    items = session.scalars(query.order_by(AgendaSession.starts_at, AgendaSession.id)).unique().all()
    return [item for item in items if viewer.may_see_session(item)]


def _chosen(event: Event, track_id: int | None, kind: str | None, day: date | None) -> list:
    """The conditions for an event's sessions on one day (or all), of one track and one kind (or all)."""
    where = [AgendaSession.event_id == event.id]
    if day is not None:
        where += [AgendaSession.starts_at >= _midnight(event, day),
                  AgendaSession.starts_at < _midnight(event, day + timedelta(days=1))]
    if track_id:
        where.append(AgendaSession.track_id == track_id)
    if kind in {k.value for k in SessionKind}:
        where.append(AgendaSession.kind == SessionKind(kind))
    return where


def visible_cards(session: Session, event: Event, viewer: Viewer, track_id: int | None = None,
                  kind: str | None = None, day: date | None = None) -> list[Card]:
    """The cards of the sessions this viewer may see (on one day at the event, or all), in time order: three
    statements (the sessions with their room and track, the organisations of restricted ones, the speakers)."""
    where = _chosen(event, track_id, kind, day)
    s = AgendaSession
    rows = session.execute(
        select(s.id, s.title, s.kind, s.status, s.visibility, s.starts_at, s.ends_at, s.room_id, Room.name,
               s.track_id, Track.name, s.seat_limit, s.seats_taken, s.chatham_house)
        .outerjoin(Room, Room.id == s.room_id).outerjoin(Track, Track.id == s.track_id)
        .where(*where).order_by(s.starts_at, s.id)).all()
    restricted: dict[int, set[int]] = defaultdict(set)
    for session_id, organisation_id in session.execute(
            select(session_organisations.c.session_id, session_organisations.c.organisation_id)
            .join(s, s.id == session_organisations.c.session_id).where(*where, s.visibility == Visibility.RESTRICTED)):
        restricted[session_id].add(organisation_id)
    speakers: dict[int, list[tuple[str, bool]]] = defaultdict(list)
    for session_id, name, role in session.execute(
            select(SessionSpeaker.session_id, Person.name, SessionSpeaker.role)
            .join(Person, Person.id == SessionSpeaker.person_id).join(s, s.id == SessionSpeaker.session_id)
            .where(*where).order_by(SessionSpeaker.session_id, SessionSpeaker.role, SessionSpeaker.person_id)):
        speakers[session_id].append((name, role is SpeakerRole.MODERATOR))
    return [Card(*row, tuple(speakers.get(row.id, ()))) for row in rows
            if viewer.may_see_session_of(row.status, row.visibility, lambda row=row: restricted[row.id])]


def _midnight(event: Event, day: date) -> datetime:
    return to_utc(datetime.combine(day, time()), event.zone)


DAY_PAGES_ABOVE = 150  # sessions: a bigger programme opens on one day, with every day (and all days) a link away


@dataclass(frozen=True)
class DayPages:
    days: list[date]  # every day from the first session to the last, at the event
    day: date | None  # the day shown; None: all days


def day_pages(session: Session, event: Event, asked: str | None) -> DayPages | None:
    """Which day of the agenda to show: `asked` ("all" or an ISO date), else all days for a small programme and
    the first day (today, during the event) for a big one. One statement; None for a day the agenda does not have."""
    count, first, last = session.execute(
        select(func.count(AgendaSession.id), func.min(AgendaSession.starts_at), func.max(AgendaSession.starts_at))
        .where(AgendaSession.event_id == event.id)).one()
    days: list[date] = []
    if count:
        day, end = event.local(first).date(), event.local(last).date()
        while day <= end:
            days.append(day)
            day += timedelta(days=1)
    if asked == "all":
        return DayPages(days, None)
    if asked:
        try:
            wanted = date.fromisoformat(asked)
        except ValueError:
            return None
        return DayPages(days, wanted) if wanted in days else None
    if count <= DAY_PAGES_ABOVE or len(days) < 2:
        return DayPages(days, None)
    today = today_for(event)
    return DayPages(days, today if today in days else days[0])


HIGHLIGHT_KINDS = {"keynote", "panel", "hackathon_sprint", "workshop"}


def highlights(session: Session, event: Event, viewer: Viewer) -> list[AgendaSession]:
    """A few published sessions this viewer may see: what the summit is about."""
    items = visible_sessions(session, event, viewer)
    return [s for s in items if s.kind.value in HIGHLIGHT_KINDS and not s.cancelled][:6]


def for_everyone(session: Session, event: Event, *options: ORMOption) -> list[AgendaSession]:
    """Published sessions every delegate attends: no sign-up (no seat limit) and not restricted to some
    organisations, such as keynotes, plenaries and breaks. `options` are loader options (e.g. what not to load)."""
    return list(session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event.id, AgendaSession.seat_limit.is_(None),
                                    AgendaSession.status == SessionStatus.PUBLISHED,
                                    AgendaSession.visibility.in_([Visibility.PUBLIC, Visibility.DELEGATES]))
        .options(*options).order_by(AgendaSession.starts_at, AgendaSession.id)))


def by_day(event: Event, items: list[Card]) -> dict[date, list[Card]]:
    days: dict[date, list[Card]] = defaultdict(list)
    zone = event.zone
    for item in items:
        days[to_local(item.starts_at, zone).date()].append(item)
    return dict(sorted(days.items()))


def all_sessions(session: Session, event: Event) -> list[AgendaSession]:
    """Every session of the event, drafts included, in time order (for the organisers)."""
    return list(session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)
                                .order_by(AgendaSession.starts_at, AgendaSession.id)))


def versions(session: Session, event: Event) -> list[AgendaVersion]:
    """Published versions of the agenda, newest first."""
    return list(session.scalars(select(AgendaVersion).where(AgendaVersion.event_id == event.id)
                                .order_by(AgendaVersion.number.desc())))


def rooms_and_tracks(session: Session, event: Event) -> tuple[list[Room], list[Track]]:
    rooms = session.scalars(select(Room).where(Room.event_id == event.id).order_by(Room.name)).all()
    tracks = session.scalars(select(Track).where(Track.event_id == event.id).order_by(Track.name)).all()
    return list(rooms), list(tracks)


def my_choices(session: Session, event: Event, person_id: int | None) -> dict[int, SignUp]:
    """The viewer's sign-ups by session id (one query)."""
    if person_id is None:
        return {}
    query = select(SignUp).join(SignUp.session).where(SignUp.person_id == person_id,
                                                      AgendaSession.event_id == event.id)
    return {s.session_id: s for s in session.scalars(query)}


@dataclass
class GridDay:
    day: date
    rooms: list[tuple[Room, int, int]]  # (room, first column, lanes)
    times: list[str]  # row labels, "HH:MM"
    cells: list[tuple[Card, int, int, int, int]]  # (session, column, span, first row, last row exclusive)
    columns: int = 1


def grid(event: Event, rooms: list[Room], days: dict[date, list[Card]]) -> list[GridDay]:
    """Rooms x time, per day (see by_day), at 15-minute rows (see grid.lay_out); sessions without a room span all
    columns."""
    out = []
    zone = event.zone
    for day, sessions in days.items():
        in_use = {s.room_id for s in sessions}
        used = [r for r in rooms if r.id in in_use]
        column = {r.id: n for n, r in enumerate(used)}
        spans = [(to_local(s.starts_at, zone), to_local(s.ends_at, zone)) for s in sessions]
        start = min(begins for begins, _ in spans).replace(minute=0)
        end = max(ends for _, ends in spans)
        rows = int((end - start).total_seconds() // 900) + 1
        times = [(start + timedelta(minutes=15 * i)).strftime("%H:%M") for i in range(rows)]

        def minutes(moment, start=start) -> int:
            return int((moment - start).total_seconds() // 60)

        layout = lay_out([Item(n, minutes(begins), minutes(ends), column.get(s.room_id))
                          for n, (s, (begins, ends)) in enumerate(zip(sessions, spans, strict=True))], len(used))
        cells = [(sessions[p.key], p.column, p.span, p.first, p.last) for p in layout.placed]
        out.append(GridDay(day, [(r, layout.starts[i], layout.lanes[i]) for i, r in enumerate(used)], times, cells,
                           layout.columns))
    return out

"""Reading the programme for a viewer, in a constant number of queries whatever its size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, subqueryload
from sqlalchemy.orm.interfaces import ORMOption

from ..auth.permissions import Viewer
from ..clock import to_utc, today_for
from ..events.models import Event
from .grid import Item, lay_out
from .models import AgendaSession, AgendaVersion, Room, SessionKind, SessionStatus, SignUp, Track, Visibility


def visible_sessions(session: Session, event: Event, viewer: Viewer, track_id: int | None = None,
                     kind: str | None = None, day: date | None = None) -> list[AgendaSession]:
    """Sessions this viewer may see (on one day at the event, or all), in time order: one query, plus one each for
    speakers and organisations however many sessions there are."""
    query = (select(AgendaSession).where(AgendaSession.event_id == event.id)
             .options(subqueryload(AgendaSession.speakers), subqueryload(AgendaSession.organisations)))
    if day is not None:
        query = query.where(AgendaSession.starts_at >= _midnight(event, day),
                            AgendaSession.starts_at < _midnight(event, day + timedelta(days=1)))
    if track_id:
        query = query.where(AgendaSession.track_id == track_id)
    if kind in {k.value for k in SessionKind}:
        query = query.where(AgendaSession.kind == SessionKind(kind))
    items = session.scalars(query.order_by(AgendaSession.starts_at, AgendaSession.id)).unique().all()
    return [item for item in items if viewer.may_see_session(item)]


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


def by_day(event: Event, items: list[AgendaSession]) -> dict[date, list[AgendaSession]]:
    days: dict[date, list[AgendaSession]] = defaultdict(list)
    for item in items:
        days[event.local(item.starts_at).date()].append(item)
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
    cells: list[tuple[AgendaSession, int, int, int, int]]  # (session, column, span, first row, last row exclusive)
    columns: int = 1


def grid(event: Event, rooms: list[Room], items: list[AgendaSession]) -> list[GridDay]:
    """Rooms x time, per day, at 15-minute rows (see grid.lay_out); sessions without a room span all columns."""
    days = []
    for day, sessions in by_day(event, items).items():
        used = [r for r in rooms if any(s.room_id == r.id for s in sessions)]
        start = min(event.local(s.starts_at) for s in sessions).replace(minute=0)
        end = max(event.local(s.ends_at) for s in sessions)
        rows = int((end - start).total_seconds() // 900) + 1
        times = [(start + timedelta(minutes=15 * i)).strftime("%H:%M") for i in range(rows)]

        def minutes(moment, start=start) -> int:
            return int((event.local(moment) - start).total_seconds() // 60)

        layout = lay_out([Item(n, minutes(s.starts_at), minutes(s.ends_at), used.index(s.room) if s.room in used
                               else None) for n, s in enumerate(sessions)], len(used))
        cells = [(sessions[p.key], p.column, p.span, p.first, p.last) for p in layout.placed]
        days.append(GridDay(day, [(r, layout.starts[i], layout.lanes[i]) for i, r in enumerate(used)], times, cells,
                            layout.columns))
    return days

"""Import sessions from CSV: every row checked first; one bad row and nothing is imported."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import Actor
from ..clock import to_utc
from ..csvio import read_csv
from ..events.models import Event, Person
from .models import AgendaSession, Room, SessionKind, SpeakerRole, Track, Visibility
from .services import SessionFields, create_session

REQUIRED = ("title", "kind", "day", "start", "end")
OPTIONAL = ("room", "track", "seat_limit", "visibility", "speakers", "description", "chatham_house")


@dataclass
class SessionPlan:
    rows: list[SessionFields] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def plan_sessions(session: Session, event: Event, data: bytes) -> SessionPlan:
    parsed = read_csv(data, REQUIRED, OPTIONAL)
    plan = SessionPlan(problems=list(parsed.problems))
    rooms = {r.name.lower(): r for r in session.scalars(select(Room).where(Room.event_id == event.id))}
    tracks = {t.name.lower(): t for t in session.scalars(select(Track).where(Track.event_id == event.id))}
    people = {p.email.lower(): p for p in session.scalars(select(Person))}
    kinds = {k.value: k for k in SessionKind} | {k.label.lower(): k for k in SessionKind}
    for line, row in parsed.rows:
        problems: list[str] = [f"{c.replace('_', ' ')} is missing" for c in REQUIRED if not row.get(c)]
        kind = kinds.get(row.get("kind", "").lower())
        if row.get("kind") and kind is None:
            problems.append(f"kind {row['kind']} is not one of {', '.join(k.value for k in SessionKind)}")
        try:
            day = date.fromisoformat(row.get("day", ""))
            starts = to_utc(datetime.combine(day, time.fromisoformat(row.get("start", ""))), event.zone)
            ends = to_utc(datetime.combine(day, time.fromisoformat(row.get("end", ""))), event.zone)
            if ends <= starts:
                problems.append("the session ends before it starts")
        except ValueError:
            starts = ends = None
            if all(row.get(c) for c in ("day", "start", "end")):
                problems.append("day must look like 2026-03-14 and times like 09:30")
        room = rooms.get(row.get("room", "").lower()) if row.get("room") else None
        if row.get("room") and room is None:
            problems.append(f"there is no room called {row['room']}")
        track = tracks.get(row.get("track", "").lower()) if row.get("track") else None
        if row.get("track") and track is None:
            problems.append(f"there is no track called {row['track']}")
        seat_limit = None
        if row.get("seat_limit"):
            if row["seat_limit"].isdigit() and int(row["seat_limit"]) > 0:
                seat_limit = int(row["seat_limit"])
            else:
                problems.append("seat limit must be a whole number above 0")
        visibility = Visibility.DELEGATES
        if row.get("visibility"):
            try:
                visibility = Visibility(row["visibility"].lower())
            except ValueError:
                problems.append("visibility must be public or delegates (restricted sessions: set them up in the app)")
            if visibility is Visibility.RESTRICTED:
                problems.append("restricted sessions need their organisations chosen in the app")
        speakers = []
        for email in filter(None, (e.strip().lower() for e in row.get("speakers", "").split(";"))):
            if email in people:
                speakers.append((people[email].id, SpeakerRole.SPEAKER))
            else:
                problems.append(f"speaker {email} is not known to Summit")
        plan.problems += [f"Line {line}: {p}." for p in problems]
        if not problems and kind is not None and starts is not None and ends is not None:
            plan.rows.append(SessionFields(
                title=row["title"], kind=kind, starts_at=starts, ends_at=ends, description=row.get("description", ""),
                track_id=track.id if track else None, room_id=room.id if room else None, seat_limit=seat_limit,
                visibility=visibility, chatham_house=row.get("chatham_house", "").lower() in ("yes", "true", "1"),
                speakers=speakers))
    return plan


def run_session_import(session: Session, actor: Actor, event: Event, plan: SessionPlan) -> list[AgendaSession]:
    if not plan.ok:
        raise ValueError("The file has problems; nothing was imported.")
    return [create_session(session, actor, event, fields) for fields in plan.rows]


def count_sessions(session: Session, event: Event) -> int:
    return session.scalar(select(func.count(AgendaSession.id)).where(AgendaSession.event_id == event.id)) or 0

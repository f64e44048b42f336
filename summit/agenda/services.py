"""Building the programme: rooms, tracks, sessions (create, edit, duplicate, cancel) and publishing versions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import to_utc, utcnow
from ..errors import RuleBroken
from ..events.models import Event, Organisation, Person
from ..invitations.models import Invitation, InvitationStatus
from ..mail.services import queue_mail
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
)
from .rules import changes_between, conflicts


class AgendaError(RuleBroken):
    """A rule about the programme was broken; the message says what to do."""


def create_room(session: Session, actor: Actor, event: Event, *, name: str, capacity: int, notes: str = "") -> Room:
    if session.scalar(select(Room).where(Room.event_id == event.id, func.lower(Room.name) == name.strip().lower())):
        raise AgendaError(f"There is already a room called {name}.")
    if capacity <= 0:
        raise AgendaError("A room holds at least one person.")
    room = Room(event_id=event.id, name=name.strip(), capacity=capacity, notes=notes.strip())
    session.add(room)
    audit.record(session, actor, "room.create", room, after={"name": room.name, "capacity": capacity})
    return room


def create_track(session: Session, actor: Actor, event: Event, *, name: str, colour: str) -> Track:
    if session.scalar(select(Track).where(Track.event_id == event.id, func.lower(Track.name) == name.strip().lower())):
        raise AgendaError(f"There is already a track called {name}.")
    track = Track(event_id=event.id, name=name.strip(), colour=colour)
    session.add(track)
    audit.record(session, actor, "track.create", track, after={"name": track.name, "colour": colour})
    return track


@dataclass
class SessionFields:
    title: str
    kind: SessionKind
    starts_at: datetime  # aware
    ends_at: datetime
    description: str = ""
    track_id: int | None = None
    room_id: int | None = None
    seat_limit: int | None = None
    use_room_capacity: bool = False
    visibility: Visibility = Visibility.DELEGATES
    organisation_ids: list[int] = field(default_factory=list)
    chatham_house: bool = False
    materials: str = ""
    speakers: list[tuple[int, SpeakerRole]] = field(default_factory=list)  # (person id, role)


def _apply(session: Session, event: Event, item: AgendaSession, fields: SessionFields) -> None:
    with session.no_autoflush:
        _apply_fields(session, event, item, fields)


def _apply_fields(session: Session, event: Event, item: AgendaSession, fields: SessionFields) -> None:
    if fields.ends_at <= fields.starts_at:
        raise AgendaError("A session must end after it starts.")
    room = session.get(Room, fields.room_id) if fields.room_id else None
    if fields.room_id and (room is None or room.event_id != event.id):
        raise AgendaError("Choose a room of this event.")
    if fields.track_id and (track := session.get(Track, fields.track_id)) is not None and track.event_id != event.id:
        raise AgendaError("Choose a track of this event.")
    seat_limit = room.capacity if fields.use_room_capacity and room else fields.seat_limit
    if seat_limit is not None and seat_limit < item.seats_taken:
        raise AgendaError(f"{item.seats_taken} people are already signed up: the limit cannot go below that.")
    if fields.visibility is Visibility.RESTRICTED and not fields.organisation_ids:
        raise AgendaError("Choose the organisations that may see a restricted session.")
    item.title, item.kind, item.description = fields.title.strip(), fields.kind, fields.description
    item.starts_at, item.ends_at, item.room_id, item.track_id = (fields.starts_at, fields.ends_at, fields.room_id,
                                                                 fields.track_id)
    item.seat_limit, item.visibility, item.chatham_house = seat_limit, fields.visibility, fields.chatham_house
    item.materials = fields.materials.strip()
    item.organisations = list(session.scalars(select(Organisation).where(
        Organisation.id.in_(fields.organisation_ids)))) if fields.visibility is Visibility.RESTRICTED else []
    seen: set[int] = set()
    speakers = []
    for person_id, role in fields.speakers:
        if person_id not in seen and session.get(Person, person_id) is not None:
            seen.add(person_id)
            speakers.append(SessionSpeaker(person_id=person_id, role=role))
    item.speakers = speakers
    item.updated_at = utcnow()


def session_fields(item: AgendaSession) -> dict[str, Any]:
    return {"title": item.title, "kind": item.kind, "starts_at": item.starts_at, "ends_at": item.ends_at,
            "room_id": item.room_id, "track_id": item.track_id, "seat_limit": item.seat_limit,
            "visibility": item.visibility, "status": item.status, "chatham_house": item.chatham_house,
            "speakers": sorted(s.person_id for s in item.speakers)}


def create_session(session: Session, actor: Actor, event: Event, fields: SessionFields,
                   status: SessionStatus = SessionStatus.DRAFT) -> AgendaSession:
    item = AgendaSession(event_id=event.id, status=status, seats_taken=0, sequence=0)
    _apply(session, event, item, fields)
    session.add(item)
    audit.record(session, actor, "session.create", item, after=session_fields(item))
    return item


def update_session(session: Session, actor: Actor, item: AgendaSession, fields: SessionFields) -> None:
    """Edit a session; its SEQUENCE rises when its time, room or status changes (calendars rely on that)."""
    before = session_fields(item)
    _apply(session, item.event, item, fields)
    after = session_fields(item)
    if any(before[k] != after[k] for k in ("starts_at", "ends_at", "room_id")):
        item.sequence += 1
    audit.record(session, actor, "session.update", item, *audit.changes(before, after))


def move_session(session: Session, actor: Actor, item: AgendaSession, *, starts_at: datetime,
                 room_id: int | None) -> None:
    """Move to another time (keeping its length) and/or room."""
    length = item.ends_at - item.starts_at
    fields = fields_of(item)
    fields.starts_at, fields.ends_at, fields.room_id = starts_at, starts_at + length, room_id
    update_session(session, actor, item, fields)


def fields_of(item: AgendaSession) -> SessionFields:
    return SessionFields(
        title=item.title, kind=item.kind, starts_at=item.starts_at, ends_at=item.ends_at,
        description=item.description, track_id=item.track_id, room_id=item.room_id, seat_limit=item.seat_limit,
        visibility=item.visibility, organisation_ids=[o.id for o in item.organisations],
        chatham_house=item.chatham_house, materials=item.materials,
        speakers=[(s.person_id, s.role) for s in item.speakers])


def duplicate_session(session: Session, actor: Actor, item: AgendaSession) -> AgendaSession:
    fields = fields_of(item)
    fields.title = f"{item.title} (copy)"
    return create_session(session, actor, item.event, fields)


def cancel_session(session: Session, actor: Actor, item: AgendaSession) -> None:
    """Cancelled sessions stay visible (and in calendars) as cancelled; they are never deleted."""
    if item.status is SessionStatus.CANCELLED:
        return
    before = {"status": item.status}
    item.status, item.sequence, item.updated_at = SessionStatus.CANCELLED, item.sequence + 1, utcnow()
    audit.record(session, actor, "session.cancel", item, before, {"status": item.status})


def set_public_agenda(session: Session, actor: Actor, event: Event, public: bool) -> None:
    before = {"public_agenda": event.public_agenda}
    event.public_agenda = public
    audit.record(session, actor, "event.public_agenda", event, before, {"public_agenda": public})


def latest_version(session: Session, event: Event) -> AgendaVersion | None:
    return session.scalar(select(AgendaVersion).where(AgendaVersion.event_id == event.id)
                          .order_by(AgendaVersion.number.desc()).limit(1))


def publish_agenda(session: Session, actor: Actor, event: Event,
                   despite_conflicts: int | None = None) -> AgendaVersion:
    """Publish every draft, record a numbered version with what changed, and tell people signed up to changed
    sessions (one email each, through the outbox). Open conflicts must be confirmed by their number, so that a
    confirmation given for what the page showed does not cover conflicts added since."""
    items = list(session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)))
    found = len(open_conflicts(session, event, items))
    if found and despite_conflicts != found:
        raise AgendaError(f"{found} open conflict{'s' if found != 1 else ''}: check them, then tick “Publish "
                          f"despite {found} conflict{'s' if found != 1 else ''}” to publish anyway.", field="despite")
    for item in items:
        if item.status is SessionStatus.DRAFT:
            item.status, item.sequence, item.updated_at = SessionStatus.PUBLISHED, item.sequence + 1, utcnow()
    session.flush()
    previous = latest_version(session, event)
    snapshot = {str(item.id): item.snapshot() for item in items}
    changes = changes_between(previous.snapshot if previous else {}, snapshot)
    if previous is not None and not changes:
        raise AgendaError(f"Nothing has changed since version {previous.number}: there is nothing to publish.")
    version = AgendaVersion(event_id=event.id, number=(previous.number + 1) if previous else 1,
                            published_by=actor.label, changes=changes, snapshot=snapshot)
    session.add(version)
    audit.record(session, actor, "agenda.publish", version, after={"number": version.number,
                                                                    "changes": len(changes)})
    _notify_changes(session, event, [c for c in changes if "new" not in c["kinds"]])
    return version


def _notify_changes(session: Session, event: Event, changes: list[dict[str, Any]]) -> None:
    if not changes:
        return
    by_session = {c["session_id"]: c for c in changes}
    rows = session.execute(select(SignUp.session_id, Person).join(Person, SignUp.person_id == Person.id)
                           .where(SignUp.session_id.in_(by_session))).all()
    people: dict[int, Person] = {}
    their_changes: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for session_id, person in rows:
        people[person.id] = person
        their_changes[person.id].append(by_session[session_id])
    for person_id, person_changes in their_changes.items():
        person = people[person_id]
        queue_mail(session, to_name=person.name, to_address=person.email,
                   subject=f"{event.name}: changes to your sessions", template="agenda_changed",
                   context={"event": event, "person": person, "changes": person_changes}, kind="agenda-change")


def declined_person_ids(session: Session, event: Event) -> set[int]:
    return set(session.scalars(select(Invitation.person_id).where(
        Invitation.event_id == event.id, Invitation.status == InvitationStatus.DECLINED)))


def event_bounds(event: Event) -> tuple[datetime, datetime]:
    """The event's first and last day, whole days in its timezone (a session at 08:00 on day one is inside)."""
    first = event.local(event.starts_at).date()
    last = event.local(event.ends_at).date() + timedelta(days=1)
    return (to_utc(datetime.combine(first, time()), event.zone),
            to_utc(datetime.combine(last, time()), event.zone))


def conflict_warnings(session: Session, event: Event, items: list[AgendaSession]) -> list:
    """What needs the organisers' attention in these sessions (see rules.conflicts)."""
    start, end = event_bounds(event)
    return conflicts(items, start, end, declined_person_ids(session, event))


def open_conflicts(session: Session, event: Event, items: list[AgendaSession] | None = None) -> list:
    """Each conflict once (a clash between two sessions warns on both): what a publish must confirm."""
    if items is None:
        items = list(session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)))
    return list({w.message: w for w in conflict_warnings(session, event, items)}.values())

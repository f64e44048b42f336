"""Bench data, loaded fast (bulk inserts, no audit): an event, rooms, sessions, delegates and sign-ups."""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from summit.agenda.models import AgendaSession, Room, SessionKind, SessionStatus, SignUp, SignUpStatus, Visibility
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.events.models import Event, EventOrganisation, Organisation, OrganisationKind, Person, Series
from summit.invitations.models import Invitation, InvitationStatus

VIEWER_EMAIL = "viewer@bench.example"
VIEWER_PASSWORD = "bench password 123"


def build(session: Session, sessions: int, delegates: int, seed: int = 7) -> Event:
    rng = random.Random(seed)
    start = datetime(2030, 3, 12, 16, 0, tzinfo=timezone.utc)
    event = Event(series=Series(name="Bench series"), slug="bench", name="Bench Summit", venue="Campus",
                  city="Redmond", timezone="America/Los_Angeles",
                  starts_at=start, ends_at=start + timedelta(days=2, hours=10),
                  rsvp_deadline=start - timedelta(days=3), public_agenda=True)
    orgs = [Organisation(name=f"Company {i}", kind=OrganisationKind.COMPANY, delegate_quota=1000) for i in range(40)]
    session.add_all([event, *orgs])
    session.flush()
    session.add_all([EventOrganisation(event_id=event.id, organisation_id=o.id, delegate_quota=o.delegate_quota)
                     for o in orgs])
    rooms = [Room(event_id=event.id, name=f"Room {i}", capacity=rng.choice([20, 40, 120])) for i in range(10)]
    session.add_all(rooms)
    session.flush()
    session.execute(insert(Person), [{"name": f"Delegate {i}", "email": f"d{i}@bench.example", "job_title": "Engineer",
                                      "organisation_id": orgs[i % 40].id} for i in range(delegates)])
    viewer = create_user(session, SYSTEM, email=VIEWER_EMAIL, role=Role.DELEGATE, password=VIEWER_PASSWORD,
                         name="Viewer", organisation_name="Company 0")
    session.flush()
    people = session.execute(select(Person.id, Person.organisation_id)).all()
    session.execute(insert(Invitation), [{"event_id": event.id, "person_id": pid, "organisation_id": oid,
                                          "status": InvitationStatus.ACCEPTED, "holds_seat": True}
                                         for pid, oid in people])
    per_day = sessions // 2
    rows = []
    for i in range(sessions):
        day, slot = divmod(i, per_day)
        begins = start + timedelta(days=day, minutes=30 * (slot // len(rooms)) % (10 * 60))
        room = rooms[slot % len(rooms)]
        rows.append({"event_id": event.id, "title": f"Session {i}: detecting grooming patterns",
                     "description": "A *workshop* on risk scoring.", "kind": rng.choice(list(SessionKind)),
                     "room_id": room.id, "starts_at": begins, "ends_at": begins + timedelta(minutes=30),
                     "seat_limit": room.capacity, "seats_taken": 0, "visibility": Visibility.DELEGATES,
                     "chatham_house": False, "materials": "", "status": SessionStatus.PUBLISHED, "sequence": 1})
    session.execute(insert(AgendaSession), rows)
    ids = session.scalars(select(AgendaSession.id)).all()
    signups = [{"session_id": sid, "person_id": pid, "status": SignUpStatus.WAITLISTED, "over_limit": False}
               for pid, _ in rng.sample(people, min(len(people), 600)) for sid in rng.sample(ids, 3)]
    signups += [{"session_id": sid, "person_id": viewer.person_id, "status": SignUpStatus.WAITLISTED,
                 "over_limit": False} for sid in ids[:10]]
    seen = set()
    session.execute(insert(SignUp), [s for s in signups if (s["session_id"], s["person_id"]) not in seen
                                     and not seen.add((s["session_id"], s["person_id"]))])
    session.commit()
    return event

"""Demo data at scale for the journeys: 340 invitees across 20 organisations (the `summit_at_scale` fixture in
conftest.py loads the demo and adds them), and two sessions that overlap in one room (so the grid has something to lay
side by side)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from seeds.loader import SEED_ACTOR
from summit.agenda.models import AgendaSession, Room, SessionKind, SessionStatus
from summit.agenda.services import SessionFields, create_session
from summit.events.models import Event, Organisation, OrganisationKind
from summit.invitations.services import invite

ORGS = 20
INVITEES = 340  # issue #12: every role's day is walked with this many invitees


def seed_invitees(dbs, event: Event, count: int = INVITEES) -> None:
    """`count` more invitees, drafts and sent, spread over organisations with a quota of 10."""
    for n in range(ORGS):
        if dbs.scalar(select(Organisation).where(Organisation.name == f"Scale Org {n:02d}")) is None:
            dbs.add(Organisation(name=f"Scale Org {n:02d}", kind=OrganisationKind.COMPANY, delegate_quota=10))
    dbs.flush()
    for i in range(count):
        invite(dbs, SEED_ACTOR, event, name=f"Invitee {i:03d} Example", email=f"invitee{i:03d}@scale.example",
               organisation_name=f"Scale Org {i % ORGS:02d}", send=i % 3 != 0)
    dbs.commit()


def seed_overlap(dbs, event: Event) -> list[AgendaSession]:
    """Two published sessions overlapping in the first room, on the first day."""
    room = dbs.scalar(select(Room).where(Room.event_id == event.id).order_by(Room.name))
    start = event.starts_at + timedelta(hours=3)
    made = [create_session(dbs, SEED_ACTOR, event, SessionFields(
        title=title, kind=SessionKind("workshop"), starts_at=start + timedelta(minutes=offset),
        ends_at=start + timedelta(minutes=offset + 60), room_id=room.id), status=SessionStatus.PUBLISHED)
        for title, offset in (("Overlap A: risk scoring clinic", 0), ("Overlap B: moderator tooling", 30))]
    dbs.commit()
    return made

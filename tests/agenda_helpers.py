"""Fixtures for agenda tests (a pytest plugin, see conftest): an event with a room, sessions, accepted delegates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from summit.agenda.models import SessionKind, SessionStatus, Visibility
from summit.agenda.services import SessionFields, create_room, create_session
from summit.audit import SYSTEM
from summit.invitations.models import Invitation, InvitationStatus


@pytest.fixture
def agenda_event(make_event):
    start = datetime(2030, 3, 9, 17, 0, tzinfo=timezone.utc)  # Sat 9 Mar 2030 09:00 PST; DST begins Sun 10 Mar
    return make_event(slug="redmond", starts_in=timedelta(0), starts_at=start,
                      ends_at=start + timedelta(days=1, hours=9), rsvp_deadline=start - timedelta(days=1))


@pytest.fixture
def room(dbs, agenda_event):
    made = create_room(dbs, SYSTEM, agenda_event, name="Cascade", capacity=24)
    dbs.commit()
    return made


@pytest.fixture
def make_session(dbs, agenda_event, room):
    counter = iter(range(1, 100_000))

    def make(title=None, start_hour=10, length_minutes=60, seat_limit=10, publish=True, room_id=-1, day=0,
             kind=SessionKind.WORKSHOP, visibility=Visibility.DELEGATES, **extra):
        n = next(counter)
        starts = agenda_event.starts_at + timedelta(days=day, hours=start_hour - 9)
        fields = SessionFields(title=title or f"Session {n}", kind=kind, starts_at=starts,
                               ends_at=starts + timedelta(minutes=length_minutes), seat_limit=seat_limit,
                               room_id=room.id if room_id == -1 else room_id, visibility=visibility, **extra)
        item = create_session(dbs, SYSTEM, agenda_event, fields,
                              status=SessionStatus.PUBLISHED if publish else SessionStatus.DRAFT)
        dbs.commit()
        return item

    return make


@pytest.fixture
def make_delegate(dbs, agenda_event, make_user, make_organisation):
    """A signed-in client for a delegate whose place at the event is accepted."""
    def make(organisation=None, accepted=True, app=None):
        organisation = organisation or make_organisation(quota=100)
        user = make_user("delegate", organisation=organisation)
        dbs.add(Invitation(event_id=agenda_event.id, person_id=user.person_id, organisation_id=organisation.id,
                           status=InvitationStatus.ACCEPTED if accepted else InvitationStatus.DECLINED,
                           holds_seat=accepted))
        dbs.commit()
        return user

    return make


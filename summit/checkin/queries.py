"""What organisers and reception read: live counts, and each session's door list (in a fixed number of queries)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..agenda.models import AgendaSession, SignUp, SignUpStatus, Visibility
from ..csvio import write_csv
from ..events.models import Event, Organisation, Person
from ..invitations.models import Invitation, InvitationStatus
from .models import CheckIn, SessionCheckIn


@dataclass
class Counts:
    checked_in: int
    expected: int
    by_organisation: list[tuple[str, int, int]]  # (name, checked in, expected)
    by_day: list[tuple[date, int]]  # (the event's local day, arrivals that day)


def live_counts(session: Session, event: Event) -> Counts:
    """Checked in / expected (accepted), by organisation and by day of the event."""
    expected = dict(session.execute(
        select(Organisation.name, func.count(Invitation.id))
        .join(Invitation, Invitation.organisation_id == Organisation.id)
        .where(Invitation.event_id == event.id, Invitation.status == InvitationStatus.ACCEPTED)
        .group_by(Organisation.name)).all())
    arrived = session.execute(
        select(Organisation.name, CheckIn.checked_in_at)
        .join(Invitation, Invitation.id == CheckIn.invitation_id)
        .join(Organisation, Organisation.id == Invitation.organisation_id)
        .where(CheckIn.event_id == event.id)).all()
    per_org = Counter(name for name, _ in arrived)
    per_day = Counter(event.local(at).date() for _, at in arrived)
    first, last = event.local(event.starts_at).date(), event.local(event.ends_at).date()
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    names = sorted(set(expected) | set(per_org), key=str.lower)
    return Counts(checked_in=len(arrived), expected=sum(expected.values()),
                  by_organisation=[(name, per_org[name], expected.get(name, 0)) for name in names],
                  by_day=[(day, per_day[day]) for day in sorted(set(days) | set(per_day))])


@dataclass
class DoorRow:
    person: Person
    invitation_id: int | None
    organisation: str
    status: SignUpStatus
    checked_in: bool  # at this session's door (restricted sessions)
    arrived: bool  # checked in at the event


@dataclass
class DoorList:
    item: AgendaSession
    rows: list[DoorRow]

    @property
    def restricted(self) -> bool:
        return self.item.visibility is Visibility.RESTRICTED

    @property
    def allowed(self) -> list[str]:
        return sorted((o.name for o in self.item.organisations), key=str.lower)

    @property
    def signed_up(self) -> list[DoorRow]:
        return [row for row in self.rows if row.status is SignUpStatus.SIGNED_UP]

    @property
    def waiting(self) -> list[DoorRow]:
        return [row for row in self.rows if row.status is SignUpStatus.WAITLISTED]


def door_list(session: Session, item: AgendaSession) -> DoorList:
    """Who signed up for a session (then who waits), by name, with their organisation and whether they are in."""
    at_door = set(session.scalars(select(SessionCheckIn.person_id).where(SessionCheckIn.session_id == item.id)))
    arrived = set(session.scalars(select(Invitation.person_id).join(CheckIn, CheckIn.invitation_id == Invitation.id)
                                  .where(Invitation.event_id == item.event_id)))
    rows = session.execute(
        select(SignUp, Person, Organisation.name, Invitation.id)
        .join(Person, Person.id == SignUp.person_id)
        .outerjoin(Organisation, Organisation.id == Person.organisation_id)
        .outerjoin(Invitation, (Invitation.person_id == Person.id) & (Invitation.event_id == item.event_id))
        .where(SignUp.session_id == item.id)
        .order_by(SignUp.status, func.lower(Person.name))).all()
    return DoorList(item, [DoorRow(person, invitation_id, organisation or "", signup.status, person.id in at_door,
                                   person.id in arrived) for signup, person, organisation, invitation_id in rows])


DOOR_HEADER = ("Name", "Organisation", "Sign-up", "Arrived at the event", "Let in at the door")


def door_csv(door: DoorList) -> str:
    return write_csv(DOOR_HEADER, [(row.person.name, row.organisation,
                                    "signed up" if row.status is SignUpStatus.SIGNED_UP else "waiting list",
                                    "yes" if row.arrived else "no", "yes" if row.checked_in else "no")
                                   for row in door.rows])

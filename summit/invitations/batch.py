"""Inviting many people at once (the CSV import): the rules of `services.invite`, checked for every row with one
query per table instead of several per row, and the new rows written with one flush per table (issue 12)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..events.models import Event, EventOrganisation, Organisation, Person
from ..events.participation import join_event
from ..events.services import normalise_email
from .models import Invitation, InvitationStatus
from .services import InvitationError, send_invitation


@dataclass(frozen=True)
class Invitee:
    line: int  # where the row came from, for the error message
    name: str
    email: str
    organisation_name: str
    job_title: str = ""


def invite_many(session: Session, actor: Actor, event: Event, invitees: list[Invitee],
                send: bool = True) -> list[Invitation]:
    """Invite each person (found by email, else created) as `invite` does, in order; the first broken rule raises
    InvitationError naming its line, and the caller's rollback then undoes every row."""
    emails = [normalise_email(invitee.email) for invitee in invitees]
    people = {p.email.lower(): p for p in session.scalars(
        select(Person).where(func.lower(Person.email).in_({e.lower() for e in emails})))} if emails else {}
    invited = set(session.scalars(select(Invitation.person_id).where(
        Invitation.event_id == event.id, Invitation.person_id.in_([p.id for p in people.values()]))))
    named = {i.organisation_name.strip().lower() for i in invitees}
    known = session.scalars(select(Organisation).where(or_(
        func.lower(Organisation.name).in_(named), Organisation.id.in_({p.organisation_id for p in people.values()}))))
    organisations = {o.name.lower(): o for o in known}  # and in the identity map for session.get, below
    list(session.scalars(select(EventOrganisation).where(EventOrganisation.event_id == event.id)))  # for join_event

    new_people: list[Person] = []
    chosen: list[tuple[Person, Organisation]] = []
    taken: set[int] = set()  # id() of each person chosen so far: a file naming someone twice is refused
    for invitee, email in zip(invitees, emails, strict=True):
        person = people.get(email.lower())
        if person is None:
            person = _new_person(invitee, email, organisations)
            people[email.lower()] = person
            new_people.append(person)
        elif person.id in invited or id(person) in taken:
            raise InvitationError(f"Line {invitee.line}: {person.email} is already invited to {event.name}.")
        organisation = person.organisation if person.id is None else (
            session.get(Organisation, person.organisation_id) if person.organisation_id else None)
        if organisation is None:
            raise InvitationError(f"Line {invitee.line}: {person.email} has no organisation: choose one so that "
                                  "the seat quota applies.")
        chosen.append((person, organisation))
        taken.add(id(person))
    session.add_all(new_people)
    session.flush()
    for person in new_people:
        audit.record(session, actor, "person.create", person, after={"organisation_id": person.organisation_id})
    for organisation in dict.fromkeys(organisation for _, organisation in chosen):
        join_event(session, actor, event, organisation)  # inviting someone makes their organisation take part

    created = [Invitation(event=event, person=person, organisation_id=organisation.id,
                          status=InvitationStatus.DRAFT) for person, organisation in chosen]
    session.add_all(created)
    session.flush()
    for invitation in created:
        audit.record(session, actor, "invitation.create", invitation,
                     after={"person_id": invitation.person_id, "organisation_id": invitation.organisation_id,
                            "substitute_for": None})
        if send:
            send_invitation(session, actor, invitation)
    return created


def _new_person(invitee: Invitee, email: str, organisations: dict[str, Organisation]) -> Person:
    """What `find_or_create_person` makes of an email new to Summit."""
    if not invitee.name.strip():
        raise InvitationError(f"Line {invitee.line}: {email} is new to Summit: give their name too.")
    organisation = None
    if invitee.organisation_name.strip():
        organisation = organisations.get(invitee.organisation_name.strip().lower())
        if organisation is None:
            raise InvitationError(f"Line {invitee.line}: There is no organisation called "
                                  f"{invitee.organisation_name}.")
    return Person(name=invitee.name.strip(), email=email, job_title=invitee.job_title.strip(),
                  organisation=organisation)

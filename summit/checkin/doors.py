"""At a restricted session's door: let in someone who signed up, once; and which badges to print."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..agenda.models import AgendaSession, SignUp, SignUpStatus, Visibility
from ..audit import Actor
from ..events.models import Event, Organisation, Person
from ..invitations.models import Invitation, InvitationStatus
from .badges import Badge
from .models import SessionCheckIn
from .services import CheckInRefused, issue_code, scan_url


def admit_to_session(session: Session, actor: Actor, item: AgendaSession, invitation: Invitation) -> SessionCheckIn:
    """Record that a delegate signed up for a restricted session came through its door."""
    if item.visibility is not Visibility.RESTRICTED:
        raise CheckInRefused("Only restricted sessions check people in at the door.")
    if invitation.event_id != item.event_id or invitation.status is not InvitationStatus.ACCEPTED:
        raise CheckInRefused("This person is not an accepted delegate of this event.")
    signed_up = session.scalar(select(SignUp.status).where(SignUp.session_id == item.id,
                                                           SignUp.person_id == invitation.person_id))
    if signed_up is not SignUpStatus.SIGNED_UP:
        raise CheckInRefused("This person has no seat in this session.")
    row = SessionCheckIn(session_id=item.id, person_id=invitation.person_id, checked_in_by=actor.user_id)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        raise CheckInRefused("Already let in.") from None
    audit.record(session, actor, "session_check_in.create", row,
                 after={"session_id": item.id, "person_id": invitation.person_id})
    return row


def badges_for(session: Session, actor: Actor, event: Event, organisation_id: int | None = None,
               invitation_id: int | None = None) -> list[Badge]:
    """Badges for accepted delegates (all, one organisation's, or one person's reprint), by organisation then name.
    Printing puts check-in codes on paper, so it is audited (ids only)."""
    query = (select(Invitation).join(Person, Person.id == Invitation.person_id)
             .join(Organisation, Organisation.id == Invitation.organisation_id)
             .where(Invitation.event_id == event.id, Invitation.status == InvitationStatus.ACCEPTED)
             .order_by(func.lower(Organisation.name), func.lower(Person.name), Invitation.id))
    if organisation_id:
        query = query.where(Invitation.organisation_id == organisation_id)
    if invitation_id:
        query = query.where(Invitation.id == invitation_id)
    invitations = list(session.scalars(query))
    badges = [Badge(i.person.name, i.organisation.name, i.organisation.kind, scan_url(event, issue_code(session, i)))
              for i in invitations]
    audit.record(session, actor, "badges.print", event,
                 after={"count": len(badges), "organisation_id": organisation_id, "invitation_id": invitation_id})
    return badges

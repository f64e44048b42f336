"""Seats and the waiting list: each organisation's quota holds, even under simultaneous answers."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..events.models import EventOrganisation, Organisation
from .models import Invitation, InvitationStatus
from .notify import notify_promoted


def lock_organisation(session: Session, organisation_id: int) -> Organisation:
    """Serialise seat decisions for one organisation: a row lock on PostgreSQL; on SQLite the write
    transaction already began IMMEDIATE, which serialises every writer."""
    query = select(Organisation).where(Organisation.id == organisation_id).with_for_update()
    return session.execute(query.execution_options(populate_existing=True)).scalar_one()


def seats_taken(session: Session, event_id: int, organisation_id: int) -> int:
    query = select(func.count(Invitation.id)).where(
        Invitation.event_id == event_id, Invitation.organisation_id == organisation_id, Invitation.holds_seat.is_(True)
    )
    return session.scalar(query) or 0


def event_quota(session: Session, event_id: int, organisation_id: int) -> int:
    """The organisation's delegate seats at this event (none when it does not take part)."""
    return session.scalar(select(EventOrganisation.delegate_quota).where(
        EventOrganisation.event_id == event_id, EventOrganisation.organisation_id == organisation_id)) or 0


def has_free_seat(session: Session, invitation: Invitation, organisation: Organisation) -> bool:
    return seats_taken(session, invitation.event_id, organisation.id) < event_quota(
        session, invitation.event_id, organisation.id)


def waiting_list(session: Session, event_id: int, organisation_id: int) -> list[Invitation]:
    """Waitlisted invitations in the order they joined."""
    query = (
        select(Invitation)
        .where(Invitation.event_id == event_id, Invitation.organisation_id == organisation_id,
               Invitation.status == InvitationStatus.WAITLISTED)
        .order_by(Invitation.waitlisted_at, Invitation.id)
    )
    return list(session.scalars(query))


def release_seat(session: Session, actor: Actor, invitation: Invitation) -> None:
    """The invitation gives its seat up; the first in line (if any) takes it."""
    if invitation.holds_seat:
        invitation.holds_seat = False
        session.flush()
        promote_waiting(session, actor, invitation.event_id, invitation.organisation_id)


def promote_waiting(session: Session, actor: Actor, event_id: int, organisation_id: int) -> list[Invitation]:
    """Fill free seats from the waiting list, in order, telling each person by email."""
    lock_organisation(session, organisation_id)
    free = event_quota(session, event_id, organisation_id) - seats_taken(session, event_id, organisation_id)
    promoted = waiting_list(session, event_id, organisation_id)[: max(free, 0)]
    for invitation in promoted:
        invitation.status, invitation.holds_seat, invitation.responded_at = (
            InvitationStatus.ACCEPTED, True, utcnow())
        audit.record(session, actor, "invitation.promoted", invitation,
                     {"status": InvitationStatus.WAITLISTED}, {"status": InvitationStatus.ACCEPTED})
        notify_promoted(session, invitation)
    session.flush()
    return promoted


def event_quota_changed(session: Session, actor: Actor, joined: EventOrganisation) -> None:
    """A raised quota at one event lets people in from its waiting list."""
    session.flush()
    promote_waiting(session, actor, joined.event_id, joined.organisation_id)


def quota_changed(session: Session, actor: Actor, organisation: Organisation) -> None:
    """An organisation changed: fill any seats free at the events it takes part in."""
    session.flush()
    event_ids = session.scalars(
        select(Invitation.event_id).where(Invitation.organisation_id == organisation.id,
                                          Invitation.status == InvitationStatus.WAITLISTED).distinct()
    ).all()
    for event_id in event_ids:
        promote_waiting(session, actor, event_id, organisation.id)

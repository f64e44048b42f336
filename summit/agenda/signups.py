"""Choosing sessions: sign up, leave, the waiting list, and organisers placing someone over the limit.
The seat limit holds in the database: a conditional UPDATE takes a seat only while one is free, and a CHECK
constraint forbids more."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, contains_eager

from .. import audit
from ..audit import Actor
from ..auth.permissions import delegate_viewer
from ..clock import utcnow
from ..events.models import Person
from ..invitations.models import Invitation, InvitationStatus
from ..mail.services import queue_mail
from .models import AgendaSession, SessionStatus, SignUp, SignUpStatus
from .services import AgendaError


class Clash(AgendaError):
    """The session overlaps others the person has chosen; ask before signing up."""

    def __init__(self, clashes: list[AgendaSession]) -> None:
        self.clashes = clashes
        titles = ", ".join(f"“{c.title}”" for c in clashes)
        super().__init__(f"This session overlaps {titles}, which you have already chosen.")


def is_accepted_delegate(session: Session, event_id: int, person_id: int) -> bool:
    return session.scalar(select(Invitation.id).where(
        Invitation.event_id == event_id, Invitation.person_id == person_id,
        Invitation.status == InvitationStatus.ACCEPTED)) is not None


def my_signups(session: Session, event_id: int, person_id: int) -> list[SignUp]:
    query = (select(SignUp).join(SignUp.session).options(contains_eager(SignUp.session))
             .where(SignUp.person_id == person_id, AgendaSession.event_id == event_id)
             .order_by(AgendaSession.starts_at))
    return list(session.scalars(query))


def clashes_for(session: Session, item: AgendaSession, person_id: int) -> list[AgendaSession]:
    return [s.session for s in my_signups(session, item.event_id, person_id)
            if s.session_id != item.id and not s.session.cancelled and s.session.overlaps(item)]


def _take_seat(session: Session, item: AgendaSession) -> bool:
    """Atomically take one seat if one is free."""
    taken = session.execute(
        update(AgendaSession)
        .where(AgendaSession.id == item.id, AgendaSession.seat_limit.is_not(None),
               AgendaSession.seats_taken < AgendaSession.seat_limit)
        .values(seats_taken=AgendaSession.seats_taken + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    return taken == 1


def _give_back_seat(session: Session, item: AgendaSession) -> None:
    session.execute(update(AgendaSession).where(AgendaSession.id == item.id, AgendaSession.seats_taken > 0)
                    .values(seats_taken=AgendaSession.seats_taken - 1).execution_options(synchronize_session=False))


def sign_up(session: Session, actor: Actor, item: AgendaSession, person: Person, *, confirm_clash: bool = False,
            now: datetime | None = None) -> SignUpStatus:
    """Take a seat, or join the session's waiting list when it is full."""
    if item.status is not SessionStatus.PUBLISHED or item.seat_limit is None:
        raise AgendaError("This session does not take sign-ups.")
    if not is_accepted_delegate(session, item.event_id, person.id):
        raise AgendaError("Only delegates whose place is confirmed can choose sessions.")
    if not delegate_viewer(person).may_see_session(item):
        raise AgendaError("This session is not open to your organisation.")
    existing = session.scalar(select(SignUp).where(SignUp.session_id == item.id, SignUp.person_id == person.id))
    if existing is not None:
        return existing.status
    clashes = clashes_for(session, item, person.id)
    if clashes and not confirm_clash:
        raise Clash(clashes)
    status = SignUpStatus.SIGNED_UP if _take_seat(session, item) else SignUpStatus.WAITLISTED
    signup = SignUp(session_id=item.id, person_id=person.id, status=status,
                    waitlisted_at=(now or utcnow()) if status is SignUpStatus.WAITLISTED else None)
    session.add(signup)
    audit.record(session, actor, "signup.create", signup,
                 after={"session_id": item.id, "person_id": person.id, "status": status})
    return status


def leave(session: Session, actor: Actor, item: AgendaSession, person: Person) -> bool:
    """Give up a seat (the first in line takes it) or leave the waiting list; False when there was nothing to leave."""
    signup = session.scalar(select(SignUp).where(SignUp.session_id == item.id, SignUp.person_id == person.id))
    if signup is None:
        return False
    freed = signup.status is SignUpStatus.SIGNED_UP and not signup.over_limit
    audit.record(session, actor, "signup.delete", signup, {"status": signup.status, "session_id": item.id}, None)
    session.delete(signup)
    session.flush()
    if freed:
        _give_back_seat(session, item)
        promote_waiting(session, actor, item)
    return True


def leave_everything(session: Session, actor: Actor, event_id: int, person: Person) -> int:
    """Someone who is no longer coming gives up every seat and waiting-list place (the first in line moves up)."""
    signups = my_signups(session, event_id, person.id)
    for signup in signups:
        leave(session, actor, signup.session, person)
    return len(signups)


def promote_waiting(session: Session, actor: Actor, item: AgendaSession) -> list[SignUp]:
    """Fill free seats from the waiting list in order, telling each person by email."""
    promoted = []
    waiting = session.scalars(select(SignUp).where(SignUp.session_id == item.id,
                                                   SignUp.status == SignUpStatus.WAITLISTED)
                              .order_by(SignUp.waitlisted_at, SignUp.id)).all()
    for signup in waiting:
        if not _take_seat(session, item):
            break
        signup.status = SignUpStatus.SIGNED_UP
        audit.record(session, actor, "signup.promoted", signup, {"status": SignUpStatus.WAITLISTED},
                     {"status": SignUpStatus.SIGNED_UP})
        queue_mail(session, to_name=signup.person.name, to_address=signup.person.email,
                   subject=f"A seat is yours: {item.title}", template="session_promoted",
                   context={"event": item.event, "person": signup.person, "item": item}, kind="session-promotion")
        promoted.append(signup)
    return promoted


def place(session: Session, actor: Actor, item: AgendaSession, person: Person) -> SignUp:
    """An organiser puts a person into a session, beyond the seat limit if need be (audited)."""
    signup = session.scalar(select(SignUp).where(SignUp.session_id == item.id, SignUp.person_id == person.id))
    if signup is not None and signup.status is SignUpStatus.SIGNED_UP:
        return signup
    seat = _take_seat(session, item)
    if signup is None:
        signup = SignUp(session_id=item.id, person_id=person.id, status=SignUpStatus.SIGNED_UP)
        session.add(signup)
    signup.status, signup.over_limit, signup.waitlisted_at = SignUpStatus.SIGNED_UP, not seat, None
    audit.record(session, actor, "signup.place", signup,
                 after={"session_id": item.id, "person_id": person.id, "over_limit": not seat})
    return signup

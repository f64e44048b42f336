"""Checking delegates in: codes, search, one-tap check-in with a short undo, walk-ins. Every change is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from markupsafe import Markup
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..errors import RuleBroken
from ..events.models import Event, Organisation, Person
from ..invitations.models import Invitation, InvitationStatus
from ..links import external_url
from . import codes
from .models import CheckIn, CheckInCode

UNDO_WINDOW = timedelta(minutes=5)
SEARCH_LIMIT = 50


class CheckInRefused(RuleBroken):
    """This person cannot be checked in (or out) now; the message says why and what to do."""


# ---- codes ----

def issue_code(session: Session, invitation: Invitation) -> str:
    """The invitation's check-in code, its keyed hash stored for lookup the first time (idempotent)."""
    code = codes.code_for(invitation.id)
    if session.get(CheckInCode, invitation.id) is None:
        session.add(CheckInCode(invitation_id=invitation.id, code_hash=codes.hash_code(code)))
        session.flush()
    return code


def code_usable(invitation: Invitation, now: datetime | None = None) -> bool:
    """A code works for an accepted delegate until the event ends."""
    return invitation.status is InvitationStatus.ACCEPTED and (now or utcnow()) < invitation.event.ends_at


@dataclass(frozen=True)
class Pass:
    """What a delegate shows at reception: the QR code (opening the check-in page) and the same code as text."""

    code: str
    url: str
    svg: Markup

    @property
    def text(self) -> str:
        return codes.grouped(self.code)


def pass_for(invitation: Invitation, now: datetime | None = None, scale: int = 4) -> Pass | None:
    """The delegate's check-in pass, or None when they are not accepted or the event is over."""
    if not code_usable(invitation, now):
        return None
    code = codes.code_for(invitation.id)
    url = scan_url(invitation.event, code)
    label = f"QR code for checking in {invitation.person.name}; the code is {codes.grouped(code)}"
    return Pass(code, url, codes.qr_svg(url, label, scale))


def scan_url(event: Event, code: str) -> str:
    return external_url("checkin.by_code", slug=event.slug, code=code)


def find_by_code(session: Session, event: Event, typed: str, now: datetime | None = None) -> Invitation | None:
    """The invitation a code names at this event, or None: unknown, malformed and expired codes look alike."""
    code = codes.normalise(typed)
    if code is None:
        return None
    invitation = session.scalar(select(Invitation).join(CheckInCode, CheckInCode.invitation_id == Invitation.id)
                                .where(CheckInCode.code_hash == codes.hash_code(code),
                                       Invitation.event_id == event.id))
    if invitation is None or (now or utcnow()) >= event.ends_at:
        return None
    return invitation


# ---- who is here ----

@dataclass(frozen=True)
class Arrival:
    """One person at the reception desk: their invitation and check-in (if any), with what reception must know."""

    invitation: Invitation
    check_in: CheckIn | None

    @property
    def warning(self) -> str | None:
        status = self.invitation.status
        if self.check_in is not None:
            return "Already checked in."
        if status is InvitationStatus.WAITLISTED:
            return "On the waiting list: no seat is confirmed. Ask an organiser."
        if status is not InvitationStatus.ACCEPTED:
            return f"Not accepted (invitation {status.value}): do not check in. Ask an organiser."
        return None

    def undoable(self, now: datetime | None = None) -> bool:
        return self.check_in is not None and (now or utcnow()) - self.check_in.checked_in_at <= UNDO_WINDOW


def arrival(session: Session, invitation: Invitation) -> Arrival:
    return Arrival(invitation, session.scalar(select(CheckIn).where(CheckIn.invitation_id == invitation.id)))


def search(session: Session, event: Event, text: str, limit: int = SEARCH_LIMIT) -> list[Arrival]:
    """Invitees whose name or organisation contains `text` (any case), by name: one query."""
    like = f"%{text.strip().lower()}%"
    rows = session.execute(
        select(Invitation, CheckIn)
        .join(Person, Person.id == Invitation.person_id)
        .join(Organisation, Organisation.id == Invitation.organisation_id)
        .outerjoin(CheckIn, CheckIn.invitation_id == Invitation.id)
        .where(Invitation.event_id == event.id,
               or_(func.lower(Person.name).like(like), func.lower(Organisation.name).like(like)))
        .order_by(func.lower(Person.name), Invitation.id)
        .limit(limit)
    ).all()
    return [Arrival(invitation, check_in) for invitation, check_in in rows]


# ---- changes ----

def check_in(session: Session, actor: Actor, event: Event, invitation: Invitation,
             now: datetime | None = None, walk_in: bool = False) -> CheckIn:
    """Record that an accepted delegate has arrived. Two phones at once record one check-in: the second is told
    who was first (the unique constraint decides)."""
    now = now or utcnow()
    if invitation.event_id != event.id:
        raise CheckInRefused("This person is not invited to this event.")
    if now >= event.ends_at:
        raise CheckInRefused("The event is over: check-in has closed.")
    if invitation.status is not InvitationStatus.ACCEPTED:
        raise CheckInRefused(Arrival(invitation, None).warning or "Not accepted.")
    existing = arrival(session, invitation).check_in
    if existing is not None:
        raise CheckInRefused(already(event, existing))
    row = CheckIn(event_id=event.id, invitation_id=invitation.id, checked_in_at=now, checked_in_by=actor.user_id,
                  walk_in=walk_in)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        first = arrival(session, invitation).check_in
        raise CheckInRefused(already(event, first) if first else "Already checked in.") from None
    audit.record(session, actor, "check_in.create", row,
                 after={"invitation_id": invitation.id, "person_id": invitation.person_id, "walk_in": walk_in})
    return row


def already(event: Event, row: CheckIn) -> str:
    who = row.by.person.name if row.by is not None else "the system"
    return f"Already checked in at {event.local(row.checked_in_at).strftime('%H:%M')} by {who}."


def undo_check_in(session: Session, actor: Actor, event: Event, invitation: Invitation,
                  now: datetime | None = None) -> None:
    """Take back a check-in made by mistake, within five minutes of it."""
    row = arrival(session, invitation).check_in
    if row is None or row.event_id != event.id:
        raise CheckInRefused("This person is not checked in.")
    if (now or utcnow()) - row.checked_in_at > UNDO_WINDOW:
        raise CheckInRefused("A check-in can be undone only within 5 minutes. Ask an organiser.")
    audit.record(session, actor, "check_in.undo", row,
                 before={"invitation_id": invitation.id, "checked_in_at": row.checked_in_at,
                         "checked_in_by": row.checked_in_by})
    session.delete(row)
    session.flush()


def add_walk_in(session: Session, actor: Actor, event: Event, *, name: str, email: str, organisation_name: str,
                job_title: str = "", now: datetime | None = None) -> Invitation:
    """Someone at the desk without an invitation: invited, accepted (beyond the quota if need be) and checked in."""
    from ..invitations.services import invite

    if (now or utcnow()) >= event.ends_at:
        raise CheckInRefused("The event is over: check-in has closed.")
    invitation = invite(session, actor, event, name=name, email=email, organisation_name=organisation_name,
                        job_title=job_title, send=False)
    invitation.status, invitation.holds_seat, invitation.quota_override = InvitationStatus.ACCEPTED, True, True
    invitation.responded_at = now or utcnow()
    audit.record(session, actor, "invitation.walk_in", invitation, {"status": InvitationStatus.DRAFT},
                 {"status": invitation.status, "holds_seat": True, "quota_override": True})
    issue_code(session, invitation)
    check_in(session, actor, event, invitation, now, walk_in=True)
    return invitation

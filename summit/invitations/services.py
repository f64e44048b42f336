"""Inviting: invite, send, resend, revoke, remind, override the quota, find by link, mark bounces."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app, has_app_context
from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .. import audit, signals, tokens
from ..audit import SYSTEM, Actor
from ..checkin.services import issue_code
from ..clock import utcnow
from ..errors import RuleBroken
from ..events.models import Event
from ..events.participation import join_event
from ..events.services import EventError, find_or_create_person, find_person
from ..mail.models import OutboxMessage
from .links import add_live_link, end_links, link_by_hash
from .models import Invitation, InvitationStatus, LinkEnd
from .notify import notify_event_changed, notify_invited, notify_reminder
from .seats import lock_organisation, release_seat

REMINDER_GAP = timedelta(days=1)
INVITATION_MAIL_KINDS = ("invitation", "reminder")


class InvitationError(RuleBroken):
    """A rule about invitations was broken; the message says what to do."""


def invitation_for(session: Session, event: Event, person_id: int) -> Invitation | None:
    return session.scalar(select(Invitation).where(Invitation.event_id == event.id, Invitation.person_id == person_id))


def latest_invitation(session: Session, person_id: int) -> Invitation | None:
    """The person's invitation to the event that starts last."""
    return session.scalar(select(Invitation).join(Invitation.event).where(Invitation.person_id == person_id)
                          .order_by(Event.starts_at.desc(), Invitation.id.desc()).limit(1))


def invite(
    session: Session, actor: Actor, event: Event, *, name: str, email: str, organisation_name: str | None,
    job_title: str = "", send: bool = True, substitute_for: Invitation | None = None,
) -> Invitation:
    """Invite a person (found by email, else created) to the event; sends the email unless `send` is False."""
    existing = find_person(session, email)
    if existing is not None and invitation_for(session, event, existing.id) is not None:
        raise InvitationError(f"{existing.email} is already invited to {event.name}.")
    try:
        person = existing or find_or_create_person(
            session, actor, email=email, name=name, organisation_name=organisation_name, job_title=job_title)
    except EventError as exc:
        raise InvitationError(str(exc)) from None
    if person.organisation_id is None:
        raise InvitationError(f"{person.email} has no organisation: choose one so that the seat quota applies.")
    join_event(session, actor, event, person.organisation)  # inviting someone makes their organisation take part
    invitation = Invitation(event=event, person=person, organisation_id=person.organisation_id,
                            status=InvitationStatus.DRAFT, substitute_for=substitute_for)
    session.add(invitation)
    session.flush()
    audit.record(session, actor, "invitation.create", invitation,
                 after={"person_id": person.id, "organisation_id": person.organisation_id,
                        "substitute_for": substitute_for.id if substitute_for else None})
    if send:
        send_invitation(session, actor, invitation)
    return invitation


def send_invitation(session: Session, actor: Actor, invitation: Invitation, nominated_by: str | None = None) -> None:
    """Send (or send again) the invitation email with a new personal link; any older link stops working."""
    if invitation.status in (InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED):
        raise InvitationError(f"This invitation was {invitation.status.value}; invite the person afresh instead.")
    if invitation.sent_at is not None:  # never sent: no link to end (and no query for 300 new invitations)
        end_links(session, invitation, LinkEnd.REPLACED)
    token, invitation.token_hash = tokens.new_token()
    before = {"status": invitation.status}
    if invitation.status in (InvitationStatus.DRAFT, InvitationStatus.BOUNCED):
        invitation.status = InvitationStatus.SENT
    invitation.sent_at = utcnow()
    action = "invitation.send" if before["status"] is InvitationStatus.DRAFT else "invitation.resend"
    audit.record(session, actor, action, invitation, before, {"status": invitation.status})
    notify_invited(session, invitation, token, nominated_by=nominated_by)


def revoke_invitation(session: Session, actor: Actor, invitation: Invitation) -> None:
    """Withdraw an invitation: the link stops working and any seat passes to the waiting list."""
    if invitation.status is InvitationStatus.REVOKED:
        return
    lock_organisation(session, invitation.organisation_id)
    before = {"status": invitation.status}
    invitation.status, invitation.token_hash = InvitationStatus.REVOKED, None
    audit.record(session, actor, "invitation.revoke", invitation, before, {"status": invitation.status})
    release_seat(session, actor, invitation)
    if not before["status"].left:
        signals.delegate_left.send(invitation, session=session, actor=actor)


def override_quota(session: Session, actor: Actor, invitation: Invitation) -> None:
    """An organiser gives this person a seat beyond their organisation's quota."""
    if invitation.status.closed or invitation.status is InvitationStatus.DECLINED:
        raise InvitationError("Only a live invitation can be given a seat; this one is "
                              f"{invitation.status.value}.")
    lock_organisation(session, invitation.organisation_id)
    before = {"status": invitation.status, "holds_seat": invitation.holds_seat}
    invitation.status, invitation.holds_seat, invitation.quota_override = InvitationStatus.ACCEPTED, True, True
    invitation.responded_at = invitation.responded_at or utcnow()
    audit.record(session, actor, "invitation.quota_override", invitation, before,
                 {"status": invitation.status, "holds_seat": True})
    issue_code(session, invitation)


def reminder_skip_days() -> int:
    """People invited within this many days are not reminded yet (INVITATION_REMINDER_SKIP_DAYS, default 3)."""
    return int(current_app.config["INVITATION_REMINDER_SKIP_DAYS"]) if has_app_context() else 3


def awaiting_reminder(session: Session, event: Event, now: datetime) -> list[Invitation]:
    """Invitations with no answer yet, invited more than a few days ago, whose last reminder (if any) is more than a
    day old."""
    query = (
        select(Invitation)
        .where(Invitation.event_id == event.id,
               Invitation.status.in_([InvitationStatus.SENT, InvitationStatus.OPENED]),
               or_(Invitation.sent_at.is_(None), Invitation.sent_at <= now - timedelta(days=reminder_skip_days())),
               or_(Invitation.last_reminded_at.is_(None), Invitation.last_reminded_at <= now - REMINDER_GAP))
        .order_by(Invitation.id)
    )
    return list(session.scalars(query))


def send_reminders(session: Session, actor: Actor, event: Event, now: datetime | None = None,
                   only: set[int] | None = None) -> int:
    """Remind everyone who has not answered (or only those of `only` among them), at most once a day each, with a
    further link that works beside the invitation email's; returns how many were reminded."""
    now = now or utcnow()
    due = [i.id for i in awaiting_reminder(session, event, now) if only is None or i.id in only]
    if not due:
        return 0
    # One conditional update claims every reminder at once, so two clicks (or two organisers) never send two.
    claimed = session.scalars(
        update(Invitation)
        .where(Invitation.id.in_(due),
               or_(Invitation.last_reminded_at.is_(None), Invitation.last_reminded_at <= now - REMINDER_GAP))
        .values(last_reminded_at=now, reminders_sent=Invitation.reminders_sent + 1)
        .returning(Invitation.id)
        .execution_options(synchronize_session=False)
    ).all()
    reminded = session.scalars(select(Invitation).where(Invitation.id.in_(claimed)).order_by(Invitation.id)
                               .execution_options(populate_existing=True)).all() if claimed else []
    for invitation in reminded:
        token = add_live_link(session, invitation)
        audit.record(session, actor, "invitation.remind", invitation,
                     after={"reminders_sent": invitation.reminders_sent})
        notify_reminder(session, invitation, token)
    return len(reminded)


def find_by_token(session: Session, token: str, now: datetime | None = None) -> Invitation | None:
    """The live invitation this link belongs to; None for unknown, malformed, expired or revoked links alike."""
    if not tokens.well_formed(token):
        return None
    digest = tokens.hash_token(token)
    invitation = session.scalar(select(Invitation).where(Invitation.token_hash == digest))
    if invitation is None:
        link = link_by_hash(session, digest)
        if link is not None and link.ended_at is None and link.invitation.token_hash is not None:
            invitation = link.invitation
    if invitation is None or invitation.status.closed or not invitation.event.rsvp_open(now):
        return None
    return invitation


def successor(session: Session, invitation: Invitation) -> Invitation | None:
    """The colleague this invitation was passed to, if it was."""
    return session.scalar(select(Invitation).where(Invitation.substitute_for_id == invitation.id))


def mark_opened(session: Session, invitation: Invitation) -> None:
    if invitation.opened_at is None:
        invitation.opened_at = utcnow()
    if invitation.status in (InvitationStatus.SENT, InvitationStatus.BOUNCED):
        audit.record(session, Actor(f"link holder for invitation {invitation.id}"), "invitation.opened", invitation,
                     {"status": invitation.status}, {"status": InvitationStatus.OPENED})
        invitation.status = InvitationStatus.OPENED


def mark_bounced(session: Session, message: OutboxMessage) -> None:
    """An invitation email failed for good: show it as bounced so organisers can correct the address."""
    if message.invitation_id is None or message.kind not in INVITATION_MAIL_KINDS:
        return
    invitation = session.get(Invitation, message.invitation_id)
    if invitation is not None and invitation.status.awaiting_answer:
        audit.record(session, SYSTEM, "invitation.bounced", invitation, {"status": invitation.status},
                     {"status": InvitationStatus.BOUNCED, "error": message.last_error})
        invitation.status = InvitationStatus.BOUNCED


LIVE_STATES = (InvitationStatus.SENT, InvitationStatus.OPENED, InvitationStatus.ACCEPTED, InvitationStatus.TENTATIVE,
               InvitationStatus.WAITLISTED)


def event_changed(session: Session, actor: Actor, event: Event, changed: list[str]) -> None:
    """Everyone still invited gets the updated summit in their calendar."""
    invitations = session.scalars(select(Invitation).where(Invitation.event_id == event.id,
                                                           Invitation.status.in_(LIVE_STATES)))
    for invitation in invitations:
        notify_event_changed(session, invitation, changed)


def erase_needs(session: Session, actor: Actor, event: Event, now: datetime | None = None) -> int:
    """After the event, delete dietary and access needs (special-category data); returns how many were erased.
    The audit log never held the values, so nothing of them remains."""
    if (now or utcnow()) < event.ends_at:
        raise InvitationError("Needs are kept until the event has ended, so that catering and access work.")
    erased = 0
    for invitation in session.scalars(select(Invitation).where(Invitation.event_id == event.id)):
        if invitation.special_needs:
            invitation.dietary, invitation.dietary_other, invitation.access, invitation.access_needs = [], "", [], ""
            audit.record(session, actor, "invitation.needs_erased", invitation)
            erased += 1
    return erased

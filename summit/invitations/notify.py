"""The emails invitations send, all through the outbox."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..calendar.services import invitation_request
from ..checkin.services import issue_code
from ..links import external_url
from ..mail.services import queue_mail
from .models import Invitation, InvitationStatus


def rsvp_link(token: str) -> str:
    return external_url("rsvp.follow", token=token)


def _context(invitation: Invitation, **extra: object) -> dict[str, object]:
    event = invitation.event
    return {"invitation": invitation, "event": event, "person": invitation.person, **extra}


def _queue(session: Session, invitation: Invitation, kind: str, subject: str, template: str,
           calendar: bytes | None = None, **extra: object) -> None:
    queue_mail(
        session, to_name=invitation.person.name, to_address=invitation.person.email, subject=subject,
        template=template, context=_context(invitation, **extra), kind=kind, invitation_id=invitation.id,
        calendar=calendar.decode("utf-8") if calendar else None, calendar_method="REQUEST" if calendar else None,
    )


def notify_invited(session: Session, invitation: Invitation, token: str, nominated_by: str | None = None) -> None:
    """The invitation, with the summit as an iTIP request so that mail clients offer Accept / Decline."""
    subject = f"Invitation: {invitation.event.name}"
    _queue(session, invitation, "invitation", subject, "invitation", calendar=invitation_request(invitation),
           link=rsvp_link(token), nominated_by=nominated_by)


def notify_event_changed(session: Session, invitation: Invitation, changes: list[str]) -> None:
    """The summit moved or changed venue: an updated iTIP request (higher SEQUENCE) replaces the old one."""
    subject = f"Updated: {invitation.event.name}"
    _queue(session, invitation, "event-update", subject, "event_changed", calendar=invitation_request(invitation),
           changes=changes)


def notify_reminder(session: Session, invitation: Invitation, token: str) -> None:
    subject = f"Reminder: please answer your invitation to {invitation.event.name}"
    _queue(session, invitation, "reminder", subject, "reminder", link=rsvp_link(token))


def notify_answer(session: Session, invitation: Invitation) -> None:
    words = {
        InvitationStatus.ACCEPTED: "your place is confirmed",
        InvitationStatus.WAITLISTED: "you are on the waiting list",
        InvitationStatus.TENTATIVE: "we have noted you as tentative",
        InvitationStatus.DECLINED: "we have noted that you cannot come",
    }
    subject = f"{invitation.event.name}: {words[invitation.status]}"
    if invitation.status is InvitationStatus.ACCEPTED:
        issue_code(session, invitation)  # the email carries the check-in code
    _queue(session, invitation, "rsvp-confirmation", subject, "answer")


def notify_promoted(session: Session, invitation: Invitation) -> None:
    subject = f"{invitation.event.name}: a seat is now yours"
    issue_code(session, invitation)  # the email carries the check-in code
    _queue(session, invitation, "waitlist-promotion", subject, "promoted")

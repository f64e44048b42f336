"""Answering an invitation: accept (a seat or the waiting list), tentative, decline, nominate a colleague."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from .. import audit, signals
from ..audit import Actor
from ..auth.models import Role, User
from ..auth.services import AccountError, create_user, find_user_by_email
from ..clock import utcnow
from .links import end_links
from .models import ACCESS_OPTIONS, DIETARY_OPTIONS, Answer, Invitation, InvitationStatus, LinkEnd
from .notify import notify_answer
from .seats import has_free_seat, lock_organisation, release_seat
from .services import InvitationError, invite, send_invitation


class RsvpClosed(InvitationError):
    """The RSVP deadline has passed or the invitation no longer takes answers."""


@dataclass
class Reply:
    answer: Answer
    dietary: list[str] = field(default_factory=list)
    dietary_other: str = ""
    access: list[str] = field(default_factory=list)
    access_needs: str = ""
    listed_consent: bool = False
    comment: str = ""
    answers: dict[int, Any] | None = None  # question id -> answer (None: leave the answers as they are)


def keep_needs(invitation: Invitation, answer: Answer, comment: str | None = None) -> Reply:
    """A new answer that keeps what the person already told us (a calendar reply carries no needs)."""
    return Reply(answer, list(invitation.dietary or []), invitation.dietary_other, list(invitation.access or []),
                 invitation.access_needs, invitation.listed_consent,
                 comment if comment is not None and comment != "" else invitation.comment)


STATUS_FOR = {Answer.TENTATIVE: InvitationStatus.TENTATIVE, Answer.DECLINE: InvitationStatus.DECLINED}


def check_open(invitation: Invitation, now: datetime | None = None) -> None:
    if invitation.status.closed:
        raise RsvpClosed(f"This invitation is {invitation.status.value} and takes no more answers.")
    if not invitation.event.rsvp_open(now):
        contact = invitation.event.contact_email or "the organisers"
        raise RsvpClosed(f"Answers closed at the RSVP deadline. To change yours, contact {contact}.")


def respond(session: Session, actor: Actor, invitation: Invitation, reply: Reply, now: datetime | None = None,
            action: str = "invitation.respond") -> InvitationStatus:
    """Record an answer; an acceptance takes a seat if the organisation has one free, else joins the waiting list."""
    check_open(invitation, now)
    unknown = set(reply.dietary) - DIETARY_OPTIONS.keys() | set(reply.access) - ACCESS_OPTIONS.keys()
    if unknown:
        raise InvitationError(f"Unknown option: {', '.join(sorted(unknown))}.")
    organisation = lock_organisation(session, invitation.organisation_id)
    session.refresh(invitation)  # decide on the row as it is now, under the lock
    before = _answer_fields(invitation)
    if reply.answer is Answer.ACCEPT:
        if invitation.holds_seat or has_free_seat(session, invitation, organisation):
            invitation.status, invitation.holds_seat = InvitationStatus.ACCEPTED, True
        else:
            invitation.status = InvitationStatus.WAITLISTED
            invitation.waitlisted_at = invitation.waitlisted_at or utcnow()
    else:
        invitation.status = STATUS_FOR[reply.answer]
    needs = (sorted(reply.dietary), reply.dietary_other.strip(), sorted(reply.access), reply.access_needs.strip())
    comment_changed = reply.comment.strip() != invitation.comment
    needs_changed = needs != (sorted(invitation.dietary or []), invitation.dietary_other,
                              sorted(invitation.access or []), invitation.access_needs)
    invitation.dietary, invitation.dietary_other, invitation.access, invitation.access_needs = (
        needs[0], needs[1], needs[2], needs[3])
    invitation.listed_consent, invitation.comment = reply.listed_consent, reply.comment.strip()
    invitation.responded_at = utcnow()
    if reply.answers is not None:
        from ..questions.answers import record_answers  # questions build on invitations, not the reverse

        record_answers(session, actor, invitation, reply.answers, accepting=reply.answer is Answer.ACCEPT)
    after = _answer_fields(invitation)
    # Dietary and access needs are special-category data: the audit log says that they changed, never what they are.
    audit.record(session, actor, action, invitation, before,
                 {**after, "needs_changed": needs_changed, "comment_changed": comment_changed})
    if invitation.status is not InvitationStatus.ACCEPTED:
        release_seat(session, actor, invitation)
    if invitation.status.left and not before["status"].left:
        signals.delegate_left.send(invitation, session=session, actor=actor)
    notify_answer(session, invitation)
    return invitation.status


def _answer_fields(invitation: Invitation) -> dict[str, object]:
    return {"status": invitation.status, "holds_seat": invitation.holds_seat,
            "listed_consent": invitation.listed_consent}  # the note is free text about a person: not logged


def nominate(session: Session, actor: Actor, invitation: Invitation, *, name: str, email: str, job_title: str,
             now: datetime | None = None) -> Invitation:
    """Pass the invitation (and any seat or place in line) to a colleague, who gets their own link."""
    check_open(invitation, now)
    lock_organisation(session, invitation.organisation_id)
    colleague = invite(session, actor, invitation.event, name=name, email=email,
                       organisation_name=invitation.organisation.name, job_title=job_title, send=False,
                       substitute_for=invitation)
    if colleague.organisation_id != invitation.organisation_id:
        raise InvitationError(f"{colleague.person.email} belongs to another organisation; nominate a colleague "
                              f"from {invitation.organisation.name}.")
    before = {"status": invitation.status, "holds_seat": invitation.holds_seat}
    colleague.holds_seat, colleague.waitlisted_at = invitation.holds_seat, invitation.waitlisted_at
    invitation.holds_seat = False
    end_links(session, invitation, LinkEnd.PASSED_ON)
    invitation.status = InvitationStatus.SUBSTITUTED
    audit.record(session, actor, "invitation.substituted", invitation, before,
                 {"status": invitation.status, "substitute_invitation": colleague.id})
    signals.delegate_left.send(invitation, session=session, actor=actor)
    send_invitation(session, actor, colleague, nominated_by=invitation.person.name)
    return colleague


def create_delegate_account(session: Session, actor: Actor, invitation: Invitation, password: str) -> User:
    """An accepted delegate sets a password and gets an account for their organisation."""
    if invitation.status is not InvitationStatus.ACCEPTED:
        raise AccountError("Accounts are for delegates whose place is confirmed.")
    if find_user_by_email(session, invitation.person.email) is not None:
        raise AccountError("You already have an account: sign in with your email and password.")
    return create_user(session, actor, email=invitation.person.email, role=Role.DELEGATE, password=password)

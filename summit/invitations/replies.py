"""Calendar replies by email: an iTIP REPLY applied to the invitation it answers, and only by its invitee."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from .. import tokens
from ..audit import Actor
from ..calendar.itip import NotAReply, ReplyData, parse_reply
from ..errors import RuleBroken
from ..links import site_host
from .models import Answer, Invitation
from .rsvp import keep_needs, respond

PARTSTAT = {"ACCEPTED": Answer.ACCEPT, "TENTATIVE": Answer.TENTATIVE, "DECLINED": Answer.DECLINE}

class ReplyRefused(RuleBroken):
    """A reply that parsed but cannot be applied; the message says why."""


INVITATION_UID = re.compile(r"^summit-(\d+)-([0-9a-f]{32})$")


def invitation_for_uid(session: Session, uid: str) -> Invitation | None:
    """The invitation whose calendar UID this is; None for the event-wide UIDs of old, unknown or altered ones."""
    local, _, host = uid.strip().lower().rpartition("@")
    match = INVITATION_UID.match(local)
    if match is None or host != site_host():
        return None
    invitation = session.scalar(select(Invitation).where(Invitation.calendar_uid_hash == tokens.hash_token(match[2])))
    return invitation if invitation is not None and invitation.event_id == int(match[1]) else None


def check_reply(reply: ReplyData, invitation: Invitation) -> None:
    """Refuse a reply that is not the invitee's own answer to a version of the invitation that was sent."""
    invitee = invitation.person.email.strip().lower()
    if reply.attendee_email != invitee:
        raise ReplyRefused(f"The reply names {reply.attendee_email} as the attendee, but the invitation it answers "
                           "is for someone else.")
    if reply.sender != invitee:
        raise ReplyRefused(f"The reply came from {reply.sender}, not from the invitee's own address.")
    if reply.partstat not in PARTSTAT:
        raise ReplyRefused(f"PARTSTAT {reply.partstat or '(none)'} is not an answer (ACCEPTED, TENTATIVE, DECLINED).")
    if reply.stamp is None:
        raise ReplyRefused("The reply has no DTSTAMP, so it cannot be told apart from an older one.")
    if reply.sequence > invitation.event.sequence:
        raise ReplyRefused(f"The reply answers version {reply.sequence} of the invitation, which was never sent "
                           f"(the latest is version {invitation.event.sequence}).")
    last = invitation.calendar_reply_sequence
    if last is not None and reply.sequence < last:
        raise ReplyRefused(f"Refused as a replay: the reply answers version {reply.sequence}, but version {last} "
                           "was already answered by calendar.")
    if last == reply.sequence and invitation.calendar_reply_stamp >= reply.stamp:
        raise ReplyRefused("Refused as a replay: this reply, or a later one to the same version, was already applied.")


def _claim(session: Session, invitation: Invitation, reply: ReplyData) -> bool:
    """Record this reply as the last applied, only if it still is newer: two copies ingested at once apply once."""
    newer = or_(Invitation.calendar_reply_sequence.is_(None), Invitation.calendar_reply_sequence < reply.sequence,
                and_(Invitation.calendar_reply_sequence == reply.sequence,
                     Invitation.calendar_reply_stamp < reply.stamp))
    return bool(session.execute(
        update(Invitation).where(Invitation.id == invitation.id, newer)
        .values(calendar_reply_sequence=reply.sequence, calendar_reply_stamp=reply.stamp)
        .execution_options(synchronize_session=False)).rowcount)


def ingest_reply(session: Session, data: bytes, now: datetime | None = None) -> str:
    """Apply a calendar reply email to the invitation it answers, through the same rules as the web form. Only the
    invitee's own email counts: the UID must carry their invitation's secret, ATTENDEE and From must be the invitee,
    the receiving server must not report a DMARC or DKIM failure, and the reply must be newer than the last one."""
    try:
        reply = parse_reply(data)
    except NotAReply as exc:
        raise ReplyRefused(str(exc)) from None
    if reply.sender is None:
        raise ReplyRefused("The reply has no From address: a calendar reply must arrive as an email from the "
                           "invitee, not as a bare .ics.")
    if reply.authentication_failures:
        raise ReplyRefused(f"The receiving mail server reports {' and '.join(reply.authentication_failures)} for "
                           f"this message from {reply.sender}: it may be forged, so it was not applied.")
    invitation = invitation_for_uid(session, reply.uid)
    if invitation is None:
        raise ReplyRefused(f"The reply's UID {reply.uid} does not match any invitation sent from this site; the "
                           "invitee can answer with the personal link in their invitation email instead.")
    check_reply(reply, invitation)
    event = invitation.event
    if reply.sequence < event.sequence:
        return (f"Ignored: the reply answers version {reply.sequence} of the invitation, but version "
                f"{event.sequence} has been sent since.")
    if not _claim(session, invitation, reply):
        raise ReplyRefused("Refused as a replay: a newer calendar reply was applied meanwhile.")
    actor = Actor(f"person #{invitation.person_id} (calendar reply by email)")
    status = respond(session, actor, invitation, keep_needs(invitation, PARTSTAT[reply.partstat], reply.comment),
                     now=now, action="invitation.respond_by_email")
    return f"{invitation.person.email}: {status.value}."

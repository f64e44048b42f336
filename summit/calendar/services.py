"""Turn sessions, the summit and commitments into calendar data; personal feed links; iTIP replies."""

from __future__ import annotations

import re
from datetime import datetime

from flask import current_app
from sqlalchemy import and_, case, func, or_, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..agenda.models import AgendaSession, SignUp, SignUpStatus
from ..agenda.queries import visible_sessions
from ..agenda.signups import my_signups
from ..audit import Actor
from ..auth.models import User
from ..auth.permissions import Viewer
from ..clock import utcnow
from ..errors import RuleBroken
from ..events.models import Event
from ..invitations import tokens
from ..invitations.models import Answer, Invitation
from ..links import external_url, site_host
from . import ics
from .itip import NotAReply, ReplyData, parse_reply
from .models import FeedScope, FeedToken

PARTSTAT = {"ACCEPTED": Answer.ACCEPT, "TENTATIVE": Answer.TENTATIVE, "DECLINED": Answer.DECLINE}


def organizer(event: Event) -> ics.Person:
    address = event.contact_email or current_app.config["MAIL_FROM"].rsplit("<", 1)[-1].rstrip(">")
    return ics.Person(f"{event.name} organisers", address)


def session_uid(item: AgendaSession) -> str:
    return f"session-{item.id}@{site_host()}"


def invitation_uid(invitation: Invitation) -> str:
    """The summit's UID in this invitee's calendar: the same for every update and resend of the invitation, and
    carrying a secret that only the invitee received, so that a calendar reply proves which invitation it answers.
    The secret is derived from SECRET_KEY and a nonce made at the first send; only its hash is stored."""
    if invitation.calendar_nonce is None:
        invitation.calendar_nonce = tokens.new_nonce()
    secret = tokens.derive_secret(current_app.config["SECRET_KEY"], f"itip-uid:{invitation.id}",
                                  invitation.calendar_nonce)
    invitation.calendar_uid_hash = tokens.hash_token(secret)
    return f"summit-{invitation.event_id}-{secret}@{site_host()}"


def session_url(item: AgendaSession) -> str:
    return external_url("agenda.session_page", slug=item.event.slug, session_id=item.id)


def happening(item: AgendaSession, tentative: bool = False) -> ics.Happening:
    event = item.event
    where = ", ".join(part for part in (item.room.name if item.room else "", event.venue, event.city) if part)
    url = session_url(item)
    notes = [item.description.strip()] if item.description.strip() else []
    if item.chatham_house:
        notes.append("Held under the Chatham House Rule.")
    notes.append(f"Details: {url}")
    return ics.Happening(
        uid=session_uid(item), title=item.title, starts=event.local(item.starts_at), ends=event.local(item.ends_at),
        stamp=item.updated_at, last_modified=item.updated_at, sequence=item.sequence, cancelled=item.cancelled,
        tentative=tentative, location=where, description="\n\n".join(notes), url=url,
        categories=(item.track.name,) if item.track else ())


def summit_happening(event: Event, uid: str) -> ics.Happening:
    url = external_url("rsvp.page")
    return ics.Happening(
        uid=uid, title=event.name, starts=event.local(event.starts_at), ends=event.local(event.ends_at),
        stamp=utcnow(), last_modified=event.updated_at, sequence=event.sequence,
        location=f"{event.venue}, {event.city}",
        description=f"{event.description}\n\nAnswer with the personal link in your invitation email, or with "
                    f"Accept / Decline here. Details: {url}", url=external_url("events.home"))


def agenda_version(session: Session, event: Event) -> tuple[object, ...]:
    """Everything a feed of this event depends on, in one cheap query: it changes whenever a session,
    the event or its settings change (every service that edits a session moves its updated_at)."""
    row = session.execute(
        select(func.count(AgendaSession.id), func.max(AgendaSession.updated_at), func.sum(AgendaSession.sequence))
        .where(AgendaSession.event_id == event.id)
    ).one()
    return (*row, event.updated_at, event.sequence, event.public_agenda)


def my_agenda_version(session: Session, event: Event, person_id: int) -> tuple[object, ...]:
    row = session.execute(
        select(func.count(SignUp.id), func.max(SignUp.id),
               func.sum(case((SignUp.status == SignUpStatus.WAITLISTED, 1), else_=0)))
        .join(SignUp.session).where(SignUp.person_id == person_id, AgendaSession.event_id == event.id)
    ).one()
    return (*agenda_version(session, event), *row)


def agenda_calendar(session: Session, event: Event, viewer: Viewer) -> bytes:
    items = visible_sessions(session, event, viewer)
    info = ics.FeedInfo(f"{event.name}: agenda", organizer(event))
    return ics.feed(info, [happening(item) for item in items])


def session_calendar(item: AgendaSession) -> bytes:
    return ics.single(happening(item), organizer(item.event))


def my_agenda_calendar(session: Session, event: Event, person_id: int) -> bytes:
    signups = my_signups(session, event.id, person_id)
    info = ics.FeedInfo(f"My agenda: {event.name}", organizer(event))
    return ics.feed(info, [happening(s.session, tentative=s.status is SignUpStatus.WAITLISTED) for s in signups])


def invitation_request(invitation: Invitation) -> bytes:
    """The summit as an iTIP REQUEST addressed to this invitee (gives the invitation its calendar UID if new)."""
    person = invitation.person
    return ics.request(summit_happening(invitation.event, invitation_uid(invitation)), organizer(invitation.event),
                       ics.Person(person.name, person.email))


# ---- personal feed links ---------------------------------------------------------------------------------

def active_feed(session: Session, user: User, event: Event, scope: FeedScope) -> FeedToken | None:
    return session.scalar(select(FeedToken).where(FeedToken.user_id == user.id, FeedToken.event_id == event.id,
                                                  FeedToken.scope == scope, FeedToken.revoked_at.is_(None)))


def issue_feed(session: Session, actor: Actor, user: User, event: Event, scope: FeedScope) -> str:
    """A new subscription link; any older one for the same calendar stops working."""
    revoke_feed(session, actor, user, event, scope)
    token, token_hash = tokens.new_token()
    feed = FeedToken(user_id=user.id, event_id=event.id, scope=scope, token_hash=token_hash)
    session.add(feed)
    audit.record(session, actor, "feed.issue", feed, after={"scope": scope, "user_id": user.id})
    return token


def revoke_feed(session: Session, actor: Actor, user: User, event: Event, scope: FeedScope) -> bool:
    current = active_feed(session, user, event, scope)
    if current is None:
        return False
    current.revoked_at = utcnow()
    audit.record(session, actor, "feed.revoke", current, {"revoked_at": None}, {"revoked_at": current.revoked_at})
    return True


def find_feed(session: Session, token: str) -> FeedToken | None:
    """The live feed for a link; None for unknown, malformed or revoked links alike."""
    if not tokens.well_formed(token):
        return None
    feed = session.scalar(select(FeedToken).where(FeedToken.token_hash == tokens.hash_token(token)))
    if feed is None or feed.revoked_at is not None or not feed.user.active:
        return None
    return feed


# ---- replies ------------------------------------------------------------------------------------------------

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
    from ..invitations.rsvp import keep_needs, respond

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
    actor = Actor(f"email from {reply.sender} (calendar reply)"[:200])
    status = respond(session, actor, invitation, keep_needs(invitation, PARTSTAT[reply.partstat], reply.comment),
                     now=now, action="invitation.respond_by_email")
    return f"{invitation.person.email}: {status.value}."

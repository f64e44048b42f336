"""Turn sessions, the summit and commitments into calendar data; personal feed links; iTIP replies."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from .. import audit
from ..agenda.models import AgendaSession, SignUp, SignUpStatus
from ..agenda.queries import Viewer, visible_sessions
from ..agenda.signups import my_signups
from ..audit import Actor
from ..auth.models import User
from ..clock import utcnow
from ..events.models import Event
from ..events.services import find_person
from ..invitations import tokens
from ..invitations.models import Answer, Invitation
from . import ics
from .itip import NotAReply, parse_reply
from .models import FeedScope, FeedToken

PARTSTAT = {"ACCEPTED": Answer.ACCEPT, "TENTATIVE": Answer.TENTATIVE, "DECLINED": Answer.DECLINE}


def site_host() -> str:
    return urlsplit(current_app.config["BASE_URL"]).hostname or "summit.local"


def organizer(event: Event) -> ics.Person:
    address = event.contact_email or current_app.config["MAIL_FROM"].rsplit("<", 1)[-1].rstrip(">")
    return ics.Person(f"{event.name} organisers", address)


def session_uid(item: AgendaSession) -> str:
    return f"session-{item.id}@{site_host()}"


def summit_uid(event: Event) -> str:
    return f"summit-{event.id}@{site_host()}"


def session_url(item: AgendaSession) -> str:
    return f"{current_app.config['BASE_URL']}/events/{item.event.slug}/sessions/{item.id}"


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


def summit_happening(event: Event) -> ics.Happening:
    url = f"{current_app.config['BASE_URL']}/rsvp"
    return ics.Happening(
        uid=summit_uid(event), title=event.name, starts=event.local(event.starts_at), ends=event.local(event.ends_at),
        stamp=utcnow(), last_modified=event.updated_at, sequence=event.sequence,
        location=f"{event.venue}, {event.city}",
        description=f"{event.description}\n\nAnswer with the personal link in your invitation email, or with "
                    f"Accept / Decline here. Details: {url}", url=f"{current_app.config['BASE_URL']}/")


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
    """The summit as an iTIP REQUEST addressed to this invitee."""
    person = invitation.person
    return ics.request(summit_happening(invitation.event), organizer(invitation.event),
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


# What each kind of personal feed contains, as (version, build): the commitments feature adds its own.
FEED_BUILDERS: dict[FeedScope, tuple[Callable[[Session, FeedToken], tuple[object, ...]],
                                     Callable[[Session, FeedToken], bytes]]] = {
    FeedScope.MY_AGENDA: (lambda session, feed: my_agenda_version(session, feed.event, feed.user.person_id),
                          lambda session, feed: my_agenda_calendar(session, feed.event, feed.user.person_id)),
}


# ---- replies ------------------------------------------------------------------------------------------------

class ReplyRefused(ValueError):
    """A reply that parsed but cannot be applied; the message says why."""


def ingest_reply(session: Session, data: bytes, now: datetime | None = None) -> str:
    """Apply an iTIP REPLY to the matching invitation, through the same rules as the web form."""
    from ..invitations.rsvp import keep_needs, respond
    from ..invitations.services import invitation_for

    try:
        reply = parse_reply(data)
    except NotAReply as exc:
        raise ReplyRefused(str(exc)) from None
    prefix, _, host = reply.uid.partition("@")
    if not prefix.startswith("summit-") or not prefix[7:].isdigit() or host != site_host():
        raise ReplyRefused(f"The reply is for {reply.uid}, which is not a summit invitation from this site.")
    event = session.get(Event, int(prefix[7:]))
    person = find_person(session, reply.attendee_email) if event else None
    invitation = invitation_for(session, event, person.id) if event and person else None
    if invitation is None:
        raise ReplyRefused(f"No invitation for {reply.attendee_email} matches {reply.uid}.")
    if reply.partstat not in PARTSTAT:
        raise ReplyRefused(f"PARTSTAT {reply.partstat or '(none)'} is not an answer (ACCEPTED, TENTATIVE, DECLINED).")
    if reply.sequence < event.sequence:
        return (f"Ignored: the reply answers version {reply.sequence} of the invitation, but version "
                f"{event.sequence} has been sent since.")
    actor = Actor(f"{invitation.person.name} <{invitation.person.email}> (calendar reply)")
    status = respond(session, actor, invitation, keep_needs(invitation, PARTSTAT[reply.partstat], reply.comment),
                     now=now)
    return f"{invitation.person.email}: {status.value}."

"""Turn sessions, the summit and commitments into calendar data; personal feed links; iTIP replies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, func, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from .. import audit, tokens
from ..agenda.models import AgendaSession, SignUp, SignUpStatus
from ..audit import Actor
from ..auth.models import User
from ..clock import utcnow
from ..events.models import Event
from ..invitations.models import Invitation
from ..links import external_url, site_host
from . import ics
from .happenings import happening
from .models import FeedScope, FeedToken


def organizer(event: Event) -> ics.Person:
    address = event.contact_email or current_app.config["MAIL_FROM"].rsplit("<", 1)[-1].rstrip(">")
    return ics.Person(f"{event.name} organisers", address)


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


def summit_happening(event: Event, uid: str) -> ics.Happening:
    url = external_url("rsvp.page")
    return ics.Happening(
        uid=uid, title=event.name, starts=event.local(event.starts_at), ends=event.local(event.ends_at),
        stamp=utcnow(), last_modified=event.updated_at, sequence=event.sequence,
        location=f"{event.venue}, {event.city}",
        description=f"{event.description}\n\nAnswer with the personal link in your invitation email, or with "
                    f"Accept / Decline here. Details: {url}", url=external_url("events.home"))


def agenda_version(event: Event) -> tuple[object, ...]:
    """Everything a feed of this event depends on, read with the event itself: its feed version rises in the same
    transaction as any change a feed shows (versions.py)."""
    return _version(event.id, event.feed_version)


def _version(event_id: int, feed_version: int) -> tuple[object, ...]:
    return event_id, feed_version, current_app.config["BASE_URL"]


def feed_modified(event: Event) -> datetime:
    return _modified(event.feed_changed_at, event.updated_at)


def _modified(changed: datetime | None, updated: datetime) -> datetime:
    return max(filter(None, (changed, updated)))


@dataclass(frozen=True)
class AgendaFeed:
    """What an event's agenda feed depends on, read in one indexed statement without loading the event: enough to
    decide who may have it and to answer a conditional GET."""

    id: int
    public_agenda: bool
    version: tuple[object, ...]
    modified: datetime


_AGENDA_FEED = select(Event.id, Event.public_agenda, Event.feed_version, Event.feed_changed_at,
                      Event.updated_at).where(Event.slug == bindparam("slug"))  # built once: it runs on every poll


def find_agenda_feed(session: Session | Connection, slug: str) -> AgendaFeed | None:
    """The agenda feed of the event at this address (the same version as `agenda_version`), or None."""
    row = session.execute(_AGENDA_FEED, {"slug": slug}).one_or_none()
    if row is None:
        return None
    event_id, public_agenda, version, changed, updated = row
    return AgendaFeed(event_id, public_agenda, _version(event_id, version), _modified(changed, updated))


def _signups_of(person_id: Any, event_id: Any) -> tuple[Any, ...]:
    """This person's sign-ups at this event, as the count, the newest id and how many wait: what a personal feed adds
    to the event's version. Correlated subqueries, so that they join a lookup rather than cost a statement each."""
    mine = (select().select_from(SignUp).join(SignUp.session)
            .where(SignUp.person_id == person_id, AgendaSession.event_id == event_id))
    return (mine.add_columns(func.count(SignUp.id)).scalar_subquery(),
            mine.add_columns(func.max(SignUp.id)).scalar_subquery(),
            mine.add_columns(func.count(SignUp.id)).where(SignUp.status == SignUpStatus.WAITLISTED)
            .scalar_subquery())


def my_agenda_version(session: Session, event: Event, person_id: int) -> tuple[object, ...]:
    return (*agenda_version(event), *session.execute(select(*_signups_of(person_id, event.id))).one())


@dataclass(frozen=True)
class FeedLink:
    """What a personal feed link names, read in one statement without loading the user: enough to answer a
    conditional GET."""

    id: int
    scope: FeedScope
    event_id: int
    person_id: int
    version: tuple[object, ...]
    modified: datetime


def find_feed_link(session: Session | Connection, token: str) -> FeedLink | None:
    """The live feed for a link with its version; None for unknown, malformed or revoked links, or a deactivated
    user's, alike (on the request's session, or on a connection of its own: db.read_alone)."""
    if not tokens.well_formed(token):
        return None
    row = session.execute(
        select(FeedToken.id, FeedToken.scope, FeedToken.event_id, User.person_id, Event.feed_version,
               Event.feed_changed_at, Event.updated_at, *_signups_of(User.person_id, FeedToken.event_id))
        .join(User, User.id == FeedToken.user_id).join(Event, Event.id == FeedToken.event_id)
        .where(FeedToken.token_hash == tokens.hash_token(token), FeedToken.revoked_at.is_(None),
               User.active.is_(True))
    ).one_or_none()
    if row is None:
        return None
    feed_id, scope, event_id, person_id, version, changed, updated, *signups = row
    return FeedLink(feed_id, scope, event_id, person_id, (*_version(event_id, version), *signups),
                    _modified(changed, updated))


def session_calendar(item: AgendaSession) -> bytes:
    return ics.single(happening(item), organizer(item.event))


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

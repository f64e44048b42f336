"""`flask privacy purge`: delete what Summit no longer needs, by the periods in the settings. Idempotent: a second
run the same day finds nothing more to do. Audited as counts only, never as whose data went."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, exists, or_, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..auth.models import SignInLink, User, UserSession
from ..calendar.models import FeedToken
from ..clock import utcnow
from ..commitments.models import ToolRequest
from ..events.models import Event, Person
from ..invitations.models import Invitation, InvitationLink, InvitationStatus
from ..mail.models import MailStatus, OutboxMessage
from ..questions.answers import purge_answers
from ..throttle import ThrottleHit
from .erasure import anonymise_person, is_erased

ERASED_REQUESTER = "Erased requester"


def purge(session: Session, actor: Actor, config: Mapping[str, Any], now: datetime | None = None) -> dict[str, int]:
    """Run every retention rule once (the caller commits); returns how many rows each rule changed."""
    now = now or utcnow()
    days = {name: timedelta(days=int(config[f"RETENTION_{name}_DAYS"]))
            for name in ("MAIL_BODY", "NEEDS", "DECLINED", "SIGN_IN", "TOOL_REQUEST")}
    counts = {
        "mail_bodies": _mail_bodies(session, now - days["MAIL_BODY"]),
        "sessions": _rowcount(session, delete(UserSession).where(
            or_(UserSession.ended_at < now - days["SIGN_IN"], UserSession.expires_at < now - days["SIGN_IN"]))),
        "sign_in_links": _rowcount(session, delete(SignInLink).where(
            or_(SignInLink.ended_at < now - days["SIGN_IN"], SignInLink.expires_at < now - days["SIGN_IN"]))),
        "feed_tokens": _rowcount(session, delete(FeedToken).where(FeedToken.revoked_at < now - days["SIGN_IN"])),
        # the hash of a replaced or passed-on invitation link only lets its holder be told why it stopped
        "ended_invitation_links": _rowcount(session, delete(InvitationLink).where(
            InvitationLink.ended_at < now - days["SIGN_IN"])),
        "sign_in_attempts": _rowcount(session, delete(ThrottleHit).where(ThrottleHit.at < now - days["SIGN_IN"])),
        "needs": _needs(session, now - days["NEEDS"]),
        "declined_people": _declined(session, now - days["DECLINED"]),
        "question_answers": purge_answers(session, now),  # each question says how long after the event
        "tool_requests": _tool_requests(session, now - days["TOOL_REQUEST"]),
    }
    if any(counts.values()):
        audit.record(session, actor, "privacy.purge", ("privacy", 0), after=counts)
    return counts


def _rowcount(session: Session, statement: Any) -> int:
    return session.execute(statement.execution_options(synchronize_session=False)).rowcount or 0


def _tool_requests(session: Session, cutoff: datetime) -> int:
    """Requests for a tool from outside the summit, made long enough ago: who asked and why go; the tool, the time
    and any adoption it led to stay (its link expired long before)."""
    return _rowcount(session, update(ToolRequest).where(
        ToolRequest.created_at < cutoff, ToolRequest.name != ERASED_REQUESTER,
    ).values(name=ERASED_REQUESTER, organisation_name="", email="", purpose=""))


def _mail_bodies(session: Session, cutoff: datetime) -> int:
    """Sent long enough ago: keep recipient, subject and status; the text goes."""
    return _rowcount(session, update(OutboxMessage).where(
        OutboxMessage.status == MailStatus.SENT, OutboxMessage.sent_at < cutoff,
        or_(OutboxMessage.text_body != "", OutboxMessage.html_body != "", OutboxMessage.calendar.is_not(None),
            OutboxMessage.prepared.is_not(None)),
    ).values(text_body="", html_body="", calendar=None, prepared=None))


def _needs(session: Session, ended_before: datetime) -> int:
    """Dietary and access needs of every event that ended long enough ago (what `invitations erase-needs` does)."""
    erased = 0
    query = select(Invitation).join(Event, Invitation.event_id == Event.id).where(Event.ends_at < ended_before)
    for invitation in session.scalars(query):
        if invitation.special_needs:
            invitation.dietary, invitation.dietary_other, invitation.access, invitation.access_needs = [], "", [], ""
            erased += 1
    return erased


def _declined(session: Session, ended_before: datetime) -> int:
    """People who declined an event that ended long enough ago, and hold nothing else here (no account, no other
    invitation than declined ones), are replaced by 'Erased person #N'."""
    other_ties = or_(
        exists().where(User.person_id == Person.id),
        exists().where(Invitation.person_id == Person.id, Invitation.status != InvitationStatus.DECLINED),
        exists().where(Invitation.person_id == Person.id, Invitation.event_id == Event.id,
                       Event.ends_at >= ended_before),
    )
    declined = (select(Person).where(exists().where(Invitation.person_id == Person.id,
                                                    Invitation.status == InvitationStatus.DECLINED))
                .where(~other_ties))
    erased = 0
    for person in session.scalars(declined).unique():
        if not is_erased(person):
            anonymise_person(session, person)
            erased += 1
    return erased

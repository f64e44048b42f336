"""An invitation's personal links: the invitation email's (Invitation.token_hash), extra live links that reminders
add beside it, and ended links that can tell their holder why they stopped. Only hashes are stored."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import tokens
from ..clock import utcnow
from .models import Invitation, InvitationLink, LinkEnd


def add_live_link(session: Session, invitation: Invitation) -> str:
    """A further link for a reminder, valid alongside the invitation email's (whose token cannot be recovered from
    its hash); returns the token for the message."""
    token, digest = tokens.new_token()
    session.add(InvitationLink(invitation_id=invitation.id, token_hash=digest))
    return token


def end_links(session: Session, invitation: Invitation, because: LinkEnd) -> None:
    """Every live link of this invitation stops; their holders will be told `because` if they follow one."""
    now = utcnow()
    session.execute(update(InvitationLink).where(InvitationLink.invitation_id == invitation.id,
                                                 InvitationLink.ended_at.is_(None))
                    .values(ended_at=now, ended_because=because).execution_options(synchronize_session=False))
    if invitation.token_hash is not None:
        session.add(InvitationLink(invitation_id=invitation.id, token_hash=invitation.token_hash, created_at=now,
                                   ended_at=now, ended_because=because))
        invitation.token_hash = None
        session.flush()


def link_by_hash(session: Session, digest: str) -> InvitationLink | None:
    return session.scalar(select(InvitationLink).where(InvitationLink.token_hash == digest))


def holds_live_link(session: Session, invitation: Invitation, digest: str | None) -> bool:
    """Whether this hash (of the link a visitor followed) still opens the invitation."""
    if digest is None or invitation.token_hash is None:
        return False
    if digest == invitation.token_hash:
        return True
    link = link_by_hash(session, digest)
    return link is not None and link.invitation_id == invitation.id and link.ended_at is None


def ended_link(session: Session, token: str, now: datetime | None = None) -> InvitationLink | None:
    """The ended link this token was, if any: only someone holding the old token can find it."""
    if not tokens.well_formed(token):
        return None
    link = link_by_hash(session, tokens.hash_token(token))
    return link if link is not None and link.ended_at is not None else None

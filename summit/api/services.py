"""Personal access tokens: create (the secret is shown once), revoke, list; and the per-request check that names
the token's user, counts the request against the token's rate limit and notes when it was last used."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .. import audit, throttle
from ..audit import Actor
from ..auth.models import User
from ..auth.permissions import viewer_for
from ..clock import utcnow
from ..errors import RuleBroken
from ..throttle import ThrottleHit
from ..tokens import hash_token, new_token, well_formed
from .models import ApiToken, Scope

EXPIRY_DAYS = (7, 30, 90, 365)
TOUCH_EVERY = timedelta(minutes=1)  # last_used_at is written at most this often
THROTTLE_SCOPE = "api-token"


class TokenError(RuleBroken):
    """A rule about API tokens was broken; the message says what to do."""


def offered_scopes(user: User) -> list[Scope]:
    """The scopes this user may give a token (the staff ones only to staff)."""
    viewer = viewer_for(user)
    return [scope for scope in Scope if viewer.may_hold_scope(scope.value)]


def create_token(session: Session, actor: Actor, user: User, *, name: str, scopes: list[str],
                 expires_in_days: int, now: datetime | None = None) -> tuple[ApiToken, str]:
    """A new token for `user`; returns the row and the secret, which is never stored and shown only this once."""
    now = now or utcnow()
    if not name.strip():
        raise TokenError("Give the token a name, so you can tell it apart later.", field="name")
    if not scopes:
        raise TokenError("Choose at least one scope.", field="scopes")
    allowed = {scope.value for scope in offered_scopes(user)}
    if refused := sorted(set(scopes) - allowed):
        raise TokenError(f"Your account cannot give a token the scope {refused[0]}.", field="scopes")
    if expires_in_days not in EXPIRY_DAYS:
        raise TokenError("Choose how long the token lasts.", field="expires_in_days")
    secret, digest = new_token()
    row = ApiToken(user_id=user.id, name=name.strip()[:100], scopes=sorted(set(scopes)), token_hash=digest,
                   created_at=now, expires_at=now + timedelta(days=expires_in_days))
    session.add(row)
    session.flush()
    audit.record(session, actor, "api_token.create", row, after={"user_id": user.id, "scopes": row.scopes,
                                                                 "expires_at": row.expires_at})
    return row, secret


def revoke_token(session: Session, actor: Actor, user: User, token_id: int, now: datetime | None = None) -> str:
    """Revoke one of the user's own tokens at once; says what happened."""
    row = session.get(ApiToken, token_id)
    if row is None or row.user_id != user.id:
        raise TokenError("That token is not one of yours.")
    if row.revoked_at is not None:
        return "That token was already revoked."
    row.revoked_at = now or utcnow()
    audit.record(session, actor, "api_token.revoke", row, after={"user_id": user.id})
    return f"Revoked the token “{row.name}”: it no longer works."


def tokens_of(session: Session, user: User) -> list[ApiToken]:
    """The user's tokens, newest first (revoked and expired ones too, so the page can say so)."""
    return list(session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id.desc())))


@dataclass(frozen=True)
class TokenUse:
    """What one request's bearer token allows: its user and scopes; or, over its rate limit, when to retry."""

    token_id: int
    user_id: int
    scopes: frozenset[str]
    retry_after: int | None = None  # seconds, when the request is refused for the rate limit


def authenticate(engine: Engine, secret: str, limit: int, window: timedelta,
                 now: datetime | None = None) -> TokenUse | None:
    """The live token `secret` names, counted against its limit (or refused, with the seconds to wait); None when
    it is unknown, expired, revoked or its user inactive (all alike). Runs in a short transaction of its own,
    before the request's, so a GET's own transaction stays read-only (as summit.auth.sessions.resume_session)."""
    if not well_formed(secret):
        return None
    now = now or utcnow()
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE")) as writer, writer.begin():
        row = writer.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(secret)))
        if row is None or not row.live(now) or not writer.scalar(select(User.active).where(User.id == row.user_id)):
            return None
        key = [(THROTTLE_SCOPE, str(row.id))]
        use = TokenUse(row.id, row.user_id, frozenset(row.scopes))
        if throttle.count_hits(writer, THROTTLE_SCOPE, str(row.id), window) >= limit:
            oldest = writer.scalar(select(func.min(ThrottleHit.at)).where(
                ThrottleHit.scope == THROTTLE_SCOPE, ThrottleHit.key == str(row.id), ThrottleHit.at > now - window))
            wait = (oldest + window - now).total_seconds() if oldest else window.total_seconds()
            return TokenUse(row.id, row.user_id, use.scopes, retry_after=max(1, math.ceil(wait)))
        throttle.hit(writer, key, now)
        if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
            row.last_used_at = now
    return use

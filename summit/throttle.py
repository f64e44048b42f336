"""Rate limits kept in the database, so they hold across every worker process."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Index, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from .clock import utcnow
from .db import Base, UTCDateTime


class ThrottleHit(Base):
    __tablename__ = "throttle_hits"

    id: Mapped[int] = mapped_column(primary_key=True)
    scope: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(320))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_throttle_hits_scope_key_at", "scope", "key", "at"),)


class Throttled(Exception):
    """Too many attempts; try again later."""


def count_hits(session: Session, scope: str, key: str, window: timedelta) -> int:
    """How many hits this key has had in the window."""
    since = utcnow() - window
    query = select(func.count()).where(ThrottleHit.scope == scope, ThrottleHit.key == key, ThrottleHit.at > since)
    return session.scalar(query) or 0


def check(session: Session, limits: list[tuple[str, str]], limit: int, window: timedelta) -> None:
    """Raise Throttled when any (scope, key) has reached `limit` hits within `window`."""
    for scope, key in limits:
        if count_hits(session, scope, key, window) >= limit:
            raise Throttled("Too many attempts. Please wait a few minutes and try again.")


def spend(session: Session, limits: list[tuple[str, str]], limit: int, window: timedelta, refusal: str) -> None:
    """One more request of a rationed kind (a link by email): refused with `refusal` once any (scope, key) has had
    `limit` within `window`, else counted against every (scope, key)."""
    try:
        check(session, limits, limit, window)
    except Throttled:
        raise Throttled(refusal) from None
    hit(session, limits)


def hit(session: Session, limits: list[tuple[str, str]], at: datetime | None = None) -> None:
    """Count one attempt against every (scope, key)."""
    for scope, key in limits:
        session.add(ThrottleHit(scope=scope, key=key, at=at or utcnow()))


def forget(session: Session, scope: str, key: str) -> None:
    """Clear a key's hits (after a success)."""
    session.execute(delete(ThrottleHit).where(ThrottleHit.scope == scope, ThrottleHit.key == key))


def prune(session: Session, older_than: timedelta = timedelta(days=1)) -> None:
    """Drop hits nobody will count again."""
    session.execute(delete(ThrottleHit).where(ThrottleHit.at < utcnow() - older_than))

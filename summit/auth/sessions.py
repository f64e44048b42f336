"""Server-side sign-in sessions: one row per sign-in, named by a secret in the cookie. Sign-out, a password or role
change, deactivation and revocation end them at once; an idle and an absolute lifetime end them in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..tokens import hash_token, new_token, well_formed
from .models import Role, SessionEnd, User, UserSession

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
TIMEOUT = Actor("session timeout")
BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"),
            ("Safari/", "Safari"), ("curl/", "curl"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("Windows", "Windows"),
           ("Mac OS X", "macOS"), ("CrOS", "ChromeOS"), ("Linux", "Linux"))


@dataclass(frozen=True)
class Client:
    """Where a sign-in comes from: the address and the browser's User-Agent."""

    address: str
    agent: str = ""


def describe_agent(agent: str) -> str:
    """A short, human summary of a User-Agent ("Firefox on Linux"), or its first characters when unknown."""
    browser = next((name for mark, name in BROWSERS if mark in agent), None)
    system = next((name for mark, name in SYSTEMS if mark in agent), None)
    if browser:
        return f"{browser} on {system}" if system else browser
    return agent.strip()[:120] or "unknown"


def idle_limit(role: Role | None = None) -> timedelta:
    """How long a sign-in may lie unused: SESSION_IDLE_SECONDS, or for staff STAFF_SESSION_IDLE_SECONDS if shorter."""
    seconds = current_app.config["SESSION_IDLE_SECONDS"]
    if role in (Role.ORGANISER, Role.SECRETARIAT):
        seconds = min(seconds, current_app.config["STAFF_SESSION_IDLE_SECONDS"])
    return timedelta(seconds=seconds)


def session_state(row: UserSession, now: datetime, idle: timedelta) -> SessionEnd | None:
    """Why this session is over (how it was ended, or that it expired or lay idle), or None while it is live."""
    if row.ended_reason is not None:
        return row.ended_reason
    if now >= row.expires_at:
        return SessionEnd.EXPIRED
    if now - row.last_seen_at >= idle:
        return SessionEnd.IDLE
    return None


def start_session(session: Session, user: User, client: Client, now: datetime | None = None) -> tuple[UserSession, str]:
    """Open a session for a sign-in; returns the row and the secret for the cookie (only its hash is stored)."""
    now = now or utcnow()
    secret, digest = new_token()
    row = UserSession(
        user_id=user.id, token_hash=digest, created_at=now, last_seen_at=now,
        expires_at=now + timedelta(seconds=current_app.config["SESSION_ABSOLUTE_SECONDS"]),
        user_agent=describe_agent(client.agent), ip_address=client.address[:45],
    )
    session.add(row)
    session.flush()
    return row, secret


def find_session(session: Session, secret: str) -> UserSession | None:
    """The session a cookie's secret names (live or not), or None."""
    if not isinstance(secret, str) or not well_formed(secret):
        return None
    return session.scalar(select(UserSession).where(UserSession.token_hash == hash_token(secret)))


def end_session(session: Session, actor: Actor, session_id: int, reason: SessionEnd,
                now: datetime | None = None) -> bool:
    """End one session now and audit why; False when it had already ended."""
    ended = session.execute(
        update(UserSession).where(UserSession.id == session_id, UserSession.ended_at.is_(None))
        .values(ended_at=now or utcnow(), ended_reason=reason).returning(UserSession.user_id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if ended is None:
        return False
    audit.record(session, actor, "auth.session_end", ("users", ended), after={"session": session_id, "reason": reason})
    return True


def replace_session(session: Session, actor: Actor, secret: str | None) -> None:
    """A new sign-in in this browser ends the session its cookie named before, whoever it belonged to: a copy of
    the old cookie must not outlive it."""
    previous = find_session(session, secret) if secret else None
    if previous is not None and previous.ended_at is None:
        end_session(session, actor, previous.id, SessionEnd.SIGN_OUT)


def end_all_sessions(session: Session, actor: Actor, user: User, reason: SessionEnd, except_id: int | None = None,
                     now: datetime | None = None) -> int:
    """End every session of a user (but `except_id`, the one in use) now; returns how many ended."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
    if except_id is not None:
        query = query.where(UserSession.id != except_id)
    ids = sorted(session.scalars(
        query.values(ended_at=now or utcnow(), ended_reason=reason).returning(UserSession.id)
        .execution_options(synchronize_session=False)
    ).all())
    if ids:
        audit.record(session, actor, "auth.session_end", user, after={"sessions": ids, "reason": reason})
    return len(ids)


def live_sessions(session: Session, user: User, now: datetime | None = None) -> list[UserSession]:
    """A user's sessions that are still live, newest first."""
    now, idle = now or utcnow(), idle_limit(user.role)
    rows = session.scalars(select(UserSession).where(UserSession.user_id == user.id, UserSession.ended_at.is_(None))
                           .order_by(UserSession.id.desc()))
    return [row for row in rows if session_state(row, now, idle) is None]


def resume_session(engine: Engine, secret: str, user_id: int, now: datetime | None = None) -> int | None:
    """The id of the live session that `secret` names for this user, or None.

    This runs before the request's own transaction, in short transactions of its own: one reads (DEFERRED on
    SQLite), and only when needed one writes (IMMEDIATE on SQLite), to touch last_seen_at once a minute or to end
    and audit a session found idle or expired. So a GET page, whose transaction begins DEFERRED and must not write,
    never writes through the request's session, and a POST never waits on its own write lock."""
    now = now or utcnow()
    with Session(engine.execution_options(sqlite_begin="DEFERRED")) as reader:
        row = find_session(reader, secret)
        role = reader.scalar(select(User.role).where(User.id == user_id)) if row is not None else None
    if row is None or row.user_id != user_id or row.ended_at is not None:
        return None
    over = session_state(row, now, idle_limit(role))
    if over is None and now - row.last_seen_at < TOUCH_EVERY:
        return row.id
    with Session(engine.execution_options(sqlite_begin="IMMEDIATE")) as writer, writer.begin():
        if over is not None:
            end_session(writer, TIMEOUT, row.id, over, now)
            return None
        touched = writer.execute(
            update(UserSession).where(UserSession.id == row.id, UserSession.ended_at.is_(None))
            .values(last_seen_at=now).execution_options(synchronize_session=False)
        ).rowcount
    return row.id if touched else None

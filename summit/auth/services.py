"""Accounts: create, sign in (throttled) and out, change password or role, deactivate; each change that
matters ends the account's sessions at once (see sessions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit, throttle
from ..audit import Actor
from ..clock import utcnow
from ..errors import RuleBroken
from ..events.models import Person
from ..events.services import find_or_create_person
from .models import Role, SessionEnd, TwoFactor, User, UserSession
from .passwords import hash_password, password_problem, verify_password
from .sessions import Client, end_all_sessions, end_session, start_session


class AccountError(RuleBroken):
    """A rule about accounts was broken; the message says what to do."""


SIGN_IN_FAILED = "That email and password do not match an account."


@dataclass(frozen=True)
class SecondStep:
    """The password (or emailed link) was right, but the account uses two-factor sign-in: a code comes next."""

    user: User
    via: str


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: the user, their new session's id, and the secret that goes in the cookie."""

    user: User
    session_id: int
    secret: str


def find_user_by_email(session: Session, email: str) -> User | None:
    query = select(User).join(User.person).where(func.lower(Person.email) == email.strip().lower())
    return session.scalar(query)


def create_user(
    session: Session,
    actor: Actor,
    *,
    email: str,
    role: Role,
    password: str | None,
    name: str | None = None,
    organisation_name: str | None = None,
    job_title: str = "",
) -> User:
    """Give a person (found or created by email) an account with a role."""
    if password is not None and (problem := password_problem(password)):
        raise AccountError(problem)
    if find_user_by_email(session, email) is not None:
        raise AccountError(f"{email} already has an account.")
    person = find_or_create_person(
        session, actor, email=email, name=name, organisation_name=organisation_name, job_title=job_title
    )
    if role is Role.DELEGATE and person.organisation_id is None:
        raise AccountError("A delegate account needs an organisation.")
    user = User(person=person, role=role, password_hash=hash_password(password) if password else None)
    session.add(user)
    audit.record(session, actor, "user.create", user, after={"person_id": person.id, "role": role})
    return user


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).join(User.person).order_by(Person.name)))


def set_password(session: Session, actor: Actor, user: User, password: str, keep_session_id: int | None = None) -> None:
    """A new password ends every session of the account but `keep_session_id` (the one that changed it)."""
    if problem := password_problem(password):
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    audit.record(session, actor, "user.set_password", user)
    end_all_sessions(session, actor, user, SessionEnd.PASSWORD_CHANGED, except_id=keep_session_id)


def update_user(session: Session, actor: Actor, user: User, *, role: Role, active: bool) -> None:
    """Change a user's role or switch the account on or off."""
    if actor.user_id == user.id and (role is not user.role or not active):
        raise AccountError("You cannot change your own role or switch off your own account.")
    before = {"role": user.role, "active": user.active}
    user.role, user.active = role, active
    audit.record(session, actor, "user.update", user, *audit.changes(before, {"role": role, "active": active}))
    if before["active"] and not active:
        end_all_sessions(session, actor, user, SessionEnd.DEACTIVATED)
    elif before["role"] is not role:
        end_all_sessions(session, actor, user, SessionEnd.ROLE_CHANGED)


def revoke_sessions(session: Session, actor: Actor, user: User, keep_session_id: int | None = None) -> str:
    """An organiser signs an account out everywhere (but the session they are using); says how many ended."""
    count = end_all_sessions(session, actor, user, SessionEnd.REVOKED, except_id=keep_session_id)
    return f"Signed {user.person.name} out of {count} session{'s' if count != 1 else ''}."


def _login_limits(email: str, address: str) -> list[tuple[str, str]]:
    return [("login-account", email.strip().lower()), ("login-address", address)]


def check_sign_in_limits(session: Session, email: str, address: str) -> None:
    """Raise throttle.Throttled while sign-in for this email, or from this address, is paused by failures."""
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    throttle.check(session, _login_limits(email, address), current_app.config["LOGIN_FAILURE_LIMIT"], window)


def sign_in(session: Session, email: str, password: str, client: Client) -> SignedIn | SecondStep | None:
    """A new session for the user whose email and password match (or, with two-factor sign-in on, the second step
    still to take), or None; raises throttle.Throttled after too many failures. Commits either way: a failure is
    counted even though nothing else changes."""
    check_sign_in_limits(session, email, client.address)
    user = find_user_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        throttle.hit(session, _login_limits(email, client.address))
        actor = Actor(f"anonymous from {client.address}")
        target = ("users", user.id if user else None)
        audit.record(session, actor, "auth.login_failed", target)  # the typed email stays out of the log
        session.commit()
        return None
    throttle.forget(session, "login-account", email.strip().lower())
    signed_in = open_or_ask_for_code(session, user, client, via="password")
    session.commit()
    return signed_in


def has_two_factor(session: Session, user: User) -> bool:
    """True when the account's sign-in asks for an authenticator code after the password."""
    query = select(TwoFactor.id).where(TwoFactor.user_id == user.id, TwoFactor.confirmed_at.is_not(None))
    return session.scalar(query) is not None


def open_or_ask_for_code(session: Session, user: User, client: Client, via: str) -> SignedIn | SecondStep:
    """After a right password or a used link: the session, or first the second step when two-factor is on."""
    if has_two_factor(session, user):
        return SecondStep(user, via)
    return open_session(session, user, client, via)


def open_session(session: Session, user: User, client: Client, via: str) -> SignedIn:
    """Record a sign-in (by password or by emailed link) and start its server-side session (the caller commits)."""
    user.last_login_at = utcnow()
    row, secret = start_session(session, user, client)
    audit.record(session, Actor.of(user), "auth.login", user, after={"session": row.id, "via": via})
    return SignedIn(user, row.id, secret)


def sign_out(session: Session, actor: Actor, session_id: int) -> None:
    """End the session in use (the caller commits, then forgets the cookie)."""
    end_session(session, actor, session_id, SessionEnd.SIGN_OUT)


def end_own_session(session: Session, user: User, session_id: int, current_id: int | None) -> str:
    """A person ends one of their own other sign-ins (Profile -> security); says which."""
    row = session.get(UserSession, session_id)
    if row is None or row.user_id != user.id or row.ended_at is not None:
        raise AccountError("That sign-in has already ended.")
    if row.id == current_id:
        raise AccountError("That is the sign-in you are using: use Sign out to end it.")
    end_session(session, Actor.of(user), row.id, SessionEnd.REVOKED)
    return f"Ended the sign-in from {row.user_agent} at {row.ip_address}."


def end_other_sessions(session: Session, user: User, current_id: int | None) -> str:
    """A person signs out everywhere but here; says how many sign-ins ended."""
    count = end_all_sessions(session, Actor.of(user), user, SessionEnd.REVOKED, except_id=current_id)
    if not count:
        return "You are not signed in anywhere else."
    return f"Ended {count} other sign-in{'s' if count != 1 else ''}."

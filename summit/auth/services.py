"""Accounts: create, sign in (throttled), change role, deactivate."""

from __future__ import annotations

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
from .models import Role, User
from .passwords import hash_password, password_problem, verify_password


class AccountError(RuleBroken):
    """A rule about accounts was broken; the message says what to do."""


SIGN_IN_FAILED = "That email and password do not match an account."


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
    audit.record(session, actor, "user.create", user, after={"email": person.email, "role": role})
    return user


def all_users(session: Session) -> list[User]:
    return list(session.scalars(select(User).join(User.person).order_by(Person.name)))


def set_password(session: Session, actor: Actor, user: User, password: str) -> None:
    if problem := password_problem(password):
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    audit.record(session, actor, "user.set_password", user)


def update_user(session: Session, actor: Actor, user: User, *, role: Role, active: bool) -> None:
    """Change a user's role or switch the account on or off."""
    if actor.user_id == user.id and (role is not user.role or not active):
        raise AccountError("You cannot change your own role or switch off your own account.")
    before = {"role": user.role, "active": user.active}
    user.role, user.active = role, active
    audit.record(session, actor, "user.update", user, *audit.changes(before, {"role": role, "active": active}))


def _login_limits(email: str, address: str) -> list[tuple[str, str]]:
    return [("login-account", email.strip().lower()), ("login-address", address)]


def authenticate(session: Session, email: str, password: str, address: str) -> User | None:
    """The user whose email and password match, or None; raises throttle.Throttled after too many failures."""
    limits = _login_limits(email, address)
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_SECONDS"])
    throttle.check(session, limits, current_app.config["LOGIN_FAILURE_LIMIT"], window)
    user = find_user_by_email(session, email)
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or not user.active:
        throttle.hit(session, limits)
        actor = Actor(f"anonymous from {address}")
        target = ("users", user.id if user else None)
        audit.record(session, actor, "auth.login_failed", target, after={"email": email.strip().lower()[:320]})
        session.commit()
        return None
    throttle.forget(session, "login-account", email.strip().lower())
    user.last_login_at = utcnow()
    audit.record(session, Actor.of(user), "auth.login", user)
    session.commit()
    return user

"""One-time links to set a password, by email: "Forgot password?" on the sign-in page, and the first password of an
account an organiser creates. The design of sign-in links: 256-bit token stored hashed, single use, a newer link
replaces the older, every lookup through the capability throttle. Using one ends every session of the account."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .. import audit, throttle
from ..audit import Actor
from ..clock import utcnow
from ..errors import RuleBroken
from ..links import external_url
from ..mail.services import queue_mail
from ..tokens import hash_token, new_token, well_formed
from .models import LinkEnd, PasswordLink, PasswordPurpose, Role, User
from .services import create_user, find_user_by_email, set_password
from .sessions import Client

LINK_NOT_VALID = (
    "This password link does not work: it has expired, it has been used, or a newer link has "
    "replaced it. Ask for a new one with \"Forgot your password?\" on the sign-in page.")
RESETS_THROTTLED = ("Several password links have been asked for in the last few minutes. If this address has an "
                    "account, use the newest email; otherwise wait a few minutes and try again.")
SUBJECTS = {PasswordPurpose.RESET: "Set a new password", PasswordPurpose.WELCOME: "Your Summit account"}


class PasswordLinkInvalid(RuleBroken):
    """An unknown, expired, used or replaced password link: one answer for all."""

    def __init__(self) -> None:
        super().__init__(LINK_NOT_VALID)


def lifetime(purpose: PasswordPurpose) -> timedelta:
    """How long a link works: PASSWORD_LINK_SECONDS for a reset, NEW_ACCOUNT_LINK_SECONDS for a new account."""
    key = "PASSWORD_LINK_SECONDS" if purpose is PasswordPurpose.RESET else "NEW_ACCOUNT_LINK_SECONDS"
    return timedelta(seconds=current_app.config[key])


def request_password_reset(session: Session, email: str, client: Client, now: datetime | None = None) -> None:
    """Email a set-password link to the account with this address, if there is an active one; the caller shows the
    same page either way. Raises throttle.Throttled when asked too often for this email or from this address."""
    email = email.strip().lower()
    limits = [("reset-account", email[:320]), ("reset-address", client.address)]
    window = timedelta(seconds=current_app.config["PASSWORD_LINK_WINDOW_SECONDS"])
    throttle.spend(session, limits, current_app.config["PASSWORD_LINK_LIMIT"], window, RESETS_THROTTLED)
    user = find_user_by_email(session, email)
    if user is None or not user.active:
        return
    send_password_link(session, Actor(f"anonymous from {client.address}"), user, PasswordPurpose.RESET,
                       client.address, now)


def send_password_link(session: Session, actor: Actor, user: User, purpose: PasswordPurpose, address: str = "",
                       now: datetime | None = None) -> None:
    """Replace any live password link of the account by a new one, and queue it to the account's own address."""
    now = now or utcnow()
    session.execute(update(PasswordLink).where(PasswordLink.user_id == user.id, PasswordLink.ended_at.is_(None))
                    .values(ended_at=now, ended_reason=LinkEnd.REPLACED).execution_options(synchronize_session=False))
    token, digest = new_token()
    session.add(PasswordLink(user_id=user.id, purpose=purpose, token_hash=digest, created_at=now,
                             expires_at=now + lifetime(purpose), requested_from=address[:45]))
    hours = int(lifetime(purpose).total_seconds() // 3600)
    queue_mail(session, to_name=user.person.name, to_address=user.person.email, subject=SUBJECTS[purpose],
               template="password_link", kind=f"password_{purpose.value}",
               context={"person": user.person, "link": external_url("password.set_form", token=token),
                        "welcome": purpose is PasswordPurpose.WELCOME, "hours": hours, "address": address})
    audit.record(session, actor, "auth.password_link_sent", user, after={"purpose": purpose})


def create_account(session: Session, actor: Actor, *, email: str, role: Role, name: str,
                   organisation_name: str | None = None) -> User:
    """An organiser adds an account: nobody types its password; its owner gets a link to set one."""
    user = create_user(session, actor, email=email, role=role, password=None, name=name,
                       organisation_name=organisation_name)
    session.flush()
    send_password_link(session, actor, user, PasswordPurpose.WELCOME)
    return user


def resend_welcome(session: Session, actor: Actor, user: User) -> str:
    """An organiser sends an account a fresh set-password link (the older one stops working)."""
    if not user.active:
        raise RuleBroken("This account is switched off: switch it on before sending a password link.")
    send_password_link(session, actor, user, PasswordPurpose.WELCOME)
    return f"Sent {user.person.name} a new link to set a password."


def find_password_link(session: Session, token: str, now: datetime | None = None) -> PasswordLink | None:
    """The password link this token names while it still works (unused, not replaced, not expired, account active)."""
    if not well_formed(token):
        return None
    link = session.scalar(select(PasswordLink).where(PasswordLink.token_hash == hash_token(token)))
    if link is None or link.ended_at is not None or (now or utcnow()) >= link.expires_at or not link.user.active:
        return None
    return link


def use_password_link(session: Session, token: str, password: str, now: datetime | None = None) -> User:
    """Spend the link and set the account's password, which ends every session of the account (the caller
    commits); raises PasswordLinkInvalid, or AccountError for a password that will not do (nothing is spent)."""
    now = now or utcnow()
    link = find_password_link(session, token, now)
    if link is None:
        raise PasswordLinkInvalid()
    spent = session.execute(  # whoever gets here first spends it; a second use finds it ended
        update(PasswordLink).where(PasswordLink.id == link.id, PasswordLink.ended_at.is_(None))
        .values(ended_at=now, ended_reason=LinkEnd.USED).execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:
        raise PasswordLinkInvalid()
    user = link.user
    set_password(session, Actor.of(user), user, password)
    # The owner has proved they read the account's mail: earlier wrong guesses at the old password no longer pause it.
    throttle.forget(session, "login-account", user.person.email.strip().lower())
    return user

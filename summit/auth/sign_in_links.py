"""One-time sign-in links by email: the way in for a person whose account is paused by someone else's wrong
passwords. The per-account limit against guessing stays; the link goes only to the account's own address."""

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
from .models import LinkEnd, SignInLink
from .services import SecondStep, SignedIn, check_sign_in_limits, find_user_by_email, open_or_ask_for_code
from .sessions import Client

LINK_INVALID = ("This sign-in link does not work: it has expired, it has been used, or a newer link has replaced it. "
                "Sign in with your password, or ask for a new link from the sign-in page.")
LINKS_THROTTLED = ("Several sign-in links have been asked for in the last few minutes. If this address has an account, "
                   "use the newest email; otherwise wait a few minutes and try again.")


class LinkInvalid(RuleBroken):
    """An unknown, expired, used or replaced sign-in link: one answer for all, so that none can be told apart."""

    def __init__(self) -> None:
        super().__init__(LINK_INVALID)


def request_sign_in_link(session: Session, email: str, client: Client, now: datetime | None = None) -> None:
    """Email a one-time sign-in link to an account whose sign-in is paused for this person (too many failures for the
    email, or from their address). Whether anything was sent is never told: the caller shows the same page.
    Raises throttle.Throttled when links for this email, or from this address, have been asked for too often."""
    email, now = email.strip().lower(), now or utcnow()
    limits = [("link-account", email[:320]), ("link-address", client.address)]
    window = timedelta(seconds=current_app.config["SIGN_IN_LINK_WINDOW_SECONDS"])
    throttle.spend(session, limits, current_app.config["SIGN_IN_LINK_LIMIT"], window, LINKS_THROTTLED)
    user = find_user_by_email(session, email)
    if user is None or not user.active or not _paused(session, email, client.address):
        return
    session.execute(update(SignInLink).where(SignInLink.user_id == user.id, SignInLink.ended_at.is_(None))
                    .values(ended_at=now, ended_reason=LinkEnd.REPLACED).execution_options(synchronize_session=False))
    token, digest = new_token()
    minutes = current_app.config["SIGN_IN_LINK_SECONDS"] // 60
    session.add(SignInLink(user_id=user.id, token_hash=digest, created_at=now, requested_from=client.address[:45],
                           expires_at=now + timedelta(seconds=current_app.config["SIGN_IN_LINK_SECONDS"])))
    queue_mail(session, to_name=user.person.name, to_address=user.person.email, subject="Your sign-in link",
               template="sign_in_link", kind="sign_in_link",
               context={"person": user.person, "link": external_url("auth.link_confirm", token=token),
                        "minutes": minutes, "address": client.address})
    audit.record(session, Actor(f"anonymous from {client.address}"), "auth.link_sent", user)


def _paused(session: Session, email: str, address: str) -> bool:
    try:
        check_sign_in_limits(session, email, address)
    except throttle.Throttled:
        return True
    return False


def find_link(session: Session, token: str, now: datetime | None = None) -> SignInLink | None:
    """The sign-in link this token names while it still works (unused, not replaced, not expired, account active)."""
    if not well_formed(token):
        return None
    link = session.scalar(select(SignInLink).where(SignInLink.token_hash == hash_token(token)))
    if link is None or link.ended_at is not None or (now or utcnow()) >= link.expires_at or not link.user.active:
        return None
    return link


def sign_in_with_link(session: Session, token: str, client: Client, now: datetime | None = None
                      ) -> SignedIn | SecondStep:
    """Use up a sign-in link and start a fresh session for its account, or ask for its second factor first (the
    caller commits); raises LinkInvalid."""
    now = now or utcnow()
    link = find_link(session, token, now)
    if link is None:
        raise LinkInvalid()
    used = session.execute(  # the link is spent by whoever gets here first; a second use finds it ended
        update(SignInLink).where(SignInLink.id == link.id, SignInLink.ended_at.is_(None))
        .values(ended_at=now, ended_reason=LinkEnd.USED).execution_options(synchronize_session=False)
    ).rowcount
    if used != 1:
        raise LinkInvalid()
    return open_or_ask_for_code(session, link.user, client, via="sign-in link")

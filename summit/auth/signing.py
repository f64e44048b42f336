"""The browser's side of signing in: the cookie names the new server-side session, or, between the password and
the code of a two-factor sign-in, who is half-way there (for TWO_FACTOR_PENDING_SECONDS)."""

from __future__ import annotations

from flask import Response, current_app, flash, g, redirect, request, session, url_for
from flask_login import login_user

from .. import db
from ..audit import Actor
from ..clock import utcnow
from .models import User
from .services import SecondStep, SignedIn
from .sessions import Client, replace_session

PENDING = "second_step"


def client() -> Client:
    """This request's address and browser."""
    return Client(request.remote_addr or "unknown", request.headers.get("User-Agent", ""))


def forget_previous(user: User) -> None:
    """A new sign-in in this browser ends the session its old cookie named, whoever it belonged to."""
    replace_session(db.session, Actor.of(user), session.get("sid"))
    db.session.commit()


def begin(signed: SignedIn) -> None:
    """A fresh cookie (no fixation) naming the new server-side session, and Flask-Login told who it is; the session
    the old cookie named ends."""
    forget_previous(signed.user)
    session.clear()
    session["sid"] = signed.secret
    g.session_id = signed.session_id
    login_user(signed.user, remember=False)
    flash(f"Signed in as {signed.user.person.name}.", "success")


def ask_for_code(step: SecondStep, target: str | None) -> Response:
    """Remember (in a fresh, signed cookie) who passed the first step, and when; then ask for their code."""
    forget_previous(step.user)
    session.clear()
    session[PENDING] = {"user": step.user.id, "via": step.via, "at": utcnow().timestamp(), "next": target or ""}
    return redirect(url_for("two_factor.second_step"), 303)


def pending() -> tuple[User, str, str] | None:
    """(user, how they began, where to go next) while a two-factor sign-in waits for its code, else None."""
    state = session.get(PENDING)
    if not isinstance(state, dict) or not isinstance(state.get("user"), int):
        return None
    if utcnow().timestamp() - float(state.get("at", 0)) > current_app.config["TWO_FACTOR_PENDING_SECONDS"]:
        return None
    user = db.session.get(User, state["user"])
    if user is None or not user.active:
        return None
    return user, str(state.get("via", "")), str(state.get("next", ""))

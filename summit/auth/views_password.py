"""Password links: "Forgot your password?" and the page an emailed link opens to set a password."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, render_template, url_for

from .. import capabilities, db
from ..throttle import Throttled
from ..web import submit
from .forms import ForgotPasswordForm, SetPasswordForm
from .password_links import LINK_NOT_VALID, find_password_link, request_password_reset, use_password_link
from .signing import client

bp = Blueprint("password", __name__)

RESET_SENT = ("If an account uses that address, we have emailed it a link to set a new password. It works once, "
              "within {minutes} minutes; a newer link replaces it.")


@bp.get("/login/forgot")
def forgot():
    return render_template("auth/forgot.html", form=ForgotPasswordForm())


@bp.post("/login/forgot")
def forgot_submit():
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("auth/forgot.html", form=form), 422
    try:
        request_password_reset(db.session, form.email.data, client())
    except Throttled as exc:
        db.session.rollback()
        return render_template("auth/forgot.html", form=form, error=str(exc)), 429
    db.session.commit()
    flash(RESET_SENT.format(minutes=current_app.config["PASSWORD_LINK_SECONDS"] // 60), "success")
    return redirect(url_for("auth.login"), 303)  # the same answer whether or not the address has an account


@bp.get("/password/<token>")
@db.writes  # a miss counts against the address, like every capability link
def set_form(token: str):
    link = capabilities.lookup_here("password", token, find_password_link)
    if link is None:
        return _invalid()
    return render_template("auth/set_password.html", form=SetPasswordForm(), link=link)


@bp.post("/password/<token>")
def set_submit(token: str):
    link = capabilities.lookup_here("password", token, find_password_link)
    if link is None:
        return _invalid()
    form = SetPasswordForm()
    if submit(form, lambda: use_password_link(db.session, token, form.password.data),
              success="Your password is set, and every earlier sign-in has ended. Sign in with your new password."):
        return redirect(url_for("auth.login"), 303)
    return render_template("auth/set_password.html", form=form, link=link), 422


@bp.after_request
def _no_store(response: Response) -> Response:
    """The set-password page's address is the credential: no cache keeps it, nor the page."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _invalid():
    return render_template("auth/link_invalid.html", message=LINK_NOT_VALID,
                           title="Password link not valid"), 404

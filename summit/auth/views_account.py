"""Profile -> security: where you are signed in, and ending any or all of your other sign-ins."""

from __future__ import annotations

from flask import Blueprint, g, render_template, request, url_for
from flask_login import current_user

from .. import db
from ..forms import ActionForm
from ..web import perform
from .permissions import requires
from .services import end_other_sessions, end_own_session, has_two_factor
from .sessions import live_sessions

bp = Blueprint("account", __name__, url_prefix="/account")
signed_in_only = requires("signed_in")


@bp.get("/security")
@signed_in_only
def security():
    return render_template("auth/security.html", sessions=live_sessions(db.session, current_user),
                           current_id=g.get("session_id"), form=ActionForm(),
                           two_factor_on=has_two_factor(db.session, current_user))


@bp.post("/security/sessions/end")
@signed_in_only
def session_end():
    chosen = request.form.get("session", "")
    return perform(ActionForm(), lambda: end_own_session(db.session, current_user, int(chosen) if chosen.isdigit()
                                                         else 0, g.get("session_id")), url_for(".security"))


@bp.post("/security/sessions/end-others")
@signed_in_only
def sessions_end_others():
    return perform(ActionForm(), lambda: end_other_sessions(db.session, current_user, g.get("session_id")),
                   url_for(".security"))

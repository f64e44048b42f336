"""Two-factor sign-in: the code after the password, and Profile -> security -> two-factor (set up, recovery codes,
turn off). Where staff must use it, a staff account without it is sent to set it up before anything else."""

from __future__ import annotations

from flask import Blueprint, Flask, g, redirect, render_template, request, url_for
from flask_login import current_user

from .. import capabilities, db
from ..forms import ActionForm
from ..web import perform, submit
from .forms import CodeForm, TurnOffForm
from .permissions import current_actor, requires
from .signing import begin, client, pending
from .two_factor import (
    begin_setup,
    confirm_setup,
    enrolment,
    finish_sign_in,
    needs_setup,
    new_recovery_codes,
    recovery_codes_left,
    required_for,
    setup_details,
    turn_off,
)

bp = Blueprint("two_factor", __name__)
signed_in_only = requires("signed_in")
SETUP_FIRST = {"static", "healthz", "auth.logout", "two_factor.manage", "two_factor.setup", "two_factor.confirm"}


@bp.get("/login/two-factor")
def second_step():
    if pending() is None:
        return redirect(url_for("auth.login"), 303)
    return render_template("auth/second_step.html", form=CodeForm())


@bp.post("/login/two-factor")
def second_step_submit():
    state = pending()
    if state is None:
        return redirect(url_for("auth.login"), 303)
    user, via, target = state
    form = CodeForm()
    done = submit(form, lambda: finish_sign_in(db.session, user, form.code.data, client(), via))
    if not done:
        return render_template("auth/second_step.html", form=form), 422
    begin(done.result)
    return redirect(target or url_for("events.home"), 303)


@bp.get("/account/two-factor")
@signed_in_only
def manage():
    return _manage_page(CodeForm())


@bp.post("/account/two-factor/setup")
@signed_in_only
def setup():
    return perform(ActionForm(), lambda: begin_setup(db.session, current_actor(), current_user), url_for(".manage"))


@bp.post("/account/two-factor/confirm")
@signed_in_only
def confirm():
    form = CodeForm()
    done = submit(form, lambda: confirm_setup(db.session, current_actor(), current_user, form.code.data,
                                               g.get("session_id")), success="Two-factor sign-in is on.")
    if done:
        return _codes(done.result)
    return _manage_page(form), 422


@bp.post("/account/two-factor/recovery-codes")
@signed_in_only
def recovery_codes():
    done = submit(ActionForm(), lambda: new_recovery_codes(db.session, current_actor(), current_user)
                  if enrolment(db.session, current_user) else None)
    return _codes(done.result) if done and done.result else redirect(url_for(".manage"), 303)


@bp.post("/account/two-factor/off")
@signed_in_only
def off():
    form = TurnOffForm()
    return perform(form, lambda: turn_off(db.session, current_actor(), current_user, form.password.data),
                   url_for(".manage"))


def _manage_page(form: CodeForm) -> str:
    record = enrolment(db.session, current_user)
    return render_template(
        "auth/two_factor.html", record=record, form=form, off_form=TurnOffForm(), action_form=ActionForm(),
        setup=setup_details(current_user, record) if record and not record.confirmed_at else None,
        codes_left=recovery_codes_left(db.session, current_user), required=required_for(current_user))


def _codes(codes: list[str]):
    """The recovery codes, on a page nothing keeps (they are shown this once)."""
    return capabilities.shown_once(render_template("auth/recovery_codes.html", codes=codes))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)

    @app.before_request
    def _staff_set_up_two_factor_first():
        if request.endpoint in SETUP_FIRST or request.endpoint is None or not current_user.is_authenticated:
            return None
        if needs_setup(db.session, current_user):
            return redirect(url_for("two_factor.manage"), 303 if request.method == "POST" else 302)
        return None

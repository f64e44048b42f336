"""Sign in (by password, or by an emailed one-time link when sign-in is paused), sign out, and the organisers' user
management. Who is signed in is decided by a live server-side session (sessions.py), not by the cookie alone."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, logout_user

from .. import capabilities, db
from ..events.queries import organisation_choices
from ..forms import ActionForm
from ..security import safe_next
from ..throttle import Throttled
from ..web import perform, submit
from .forms import EditUserForm, LinkRequestForm, LoginForm, LogoutForm, NewUserForm
from .models import Role, User
from .password_links import create_account, resend_welcome
from .permissions import ANONYMOUS, current_actor, current_viewer, organiser_only
from .services import (
    SIGN_IN_FAILED,
    SecondStep,
    all_users,
    has_two_factor,
    revoke_sessions,
    sign_in,
    sign_out,
    update_user,
)
from .sessions import live_sessions, resume_session
from .sign_in_links import LINK_INVALID, LinkInvalid, find_link, request_sign_in_link, sign_in_with_link
from .signing import ask_for_code, begin, client
from .two_factor import reset_two_factor

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.session_protection = "strong"


LINK_SENT = ("If an account uses that address, we have emailed it a one-time sign-in link. It works once, within "
             "{minutes} minutes; a newer link replaces it.")


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    """The user, only while the server-side session that the cookie names is live and theirs."""
    secret = session.get("sid")
    if not user_id.isdigit() or not isinstance(secret, str):
        return None
    session_id = resume_session(db.engine, secret, int(user_id))
    if session_id is None:
        return None
    g.session_id = session_id
    user = db.session.get(User, int(user_id))
    return user if user is not None and user.active else None


@bp.get("/login")
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("events.home"))
    return render_template("auth/login.html", form=LoginForm(), next=safe_next(request.args.get("next")))


@bp.post("/login")
def login_submit():
    form = LoginForm()
    target = safe_next(request.form.get("next"))
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form, next=target), 422
    try:
        signed = sign_in(db.session, form.email.data, form.password.data, client())
    except Throttled as exc:  # paused by failures, perhaps someone else's: offer a link to the account's address
        link_form = LinkRequestForm(formdata=None, prefix="link", email=form.email.data)
        return render_template("auth/login.html", form=form, next=target, error=str(exc), link_form=link_form), 429
    if signed is None:
        return render_template("auth/login.html", form=form, next=target, error=SIGN_IN_FAILED), 401
    if isinstance(signed, SecondStep):
        return ask_for_code(signed, target)
    begin(signed)
    return redirect(target or url_for("events.home"), 303)


@bp.post("/login/link")
def link_request():
    form = LinkRequestForm(prefix="link")
    if not form.validate_on_submit():
        abort(400)
    try:
        request_sign_in_link(db.session, form.email.data, client())
    except Throttled as exc:
        db.session.rollback()
        return render_template("auth/login.html", form=LoginForm(formdata=None, email=form.email.data),
                               error=str(exc)), 429
    db.session.commit()
    flash(LINK_SENT.format(minutes=current_app.config["SIGN_IN_LINK_SECONDS"] // 60), "success")
    return redirect(url_for("auth.login"), 303)  # the same answer whether or not the address has an account


@bp.get("/login/link/<token>")
@db.writes  # a miss counts against the address, like every capability link
def link_confirm(token: str):
    # Only a page with a button: mail scanners fetch links, and must not use them up.
    link = capabilities.lookup_here("sign-in", token, find_link)
    if link is None:
        return render_template("auth/link_invalid.html", message=LINK_INVALID), 404
    return render_template("auth/link_confirm.html", form=ActionForm(), person=link.user.person)


@bp.post("/login/link/<token>")
def link_sign_in(token: str):
    try:
        if not ActionForm().validate_on_submit():
            abort(400)
        if capabilities.lookup_here("sign-in", token, find_link) is None:
            raise LinkInvalid()
        signed = sign_in_with_link(db.session, token, client())
        db.session.commit()
    except LinkInvalid as exc:
        db.session.rollback()
        return render_template("auth/link_invalid.html", message=str(exc)), 404
    if isinstance(signed, SecondStep):
        return ask_for_code(signed, None)
    begin(signed)
    return redirect(url_for("events.home"), 303)


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit() and current_user.is_authenticated:
        sign_out(db.session, current_actor(), g.session_id)
        db.session.commit()
        logout_user()
        session.clear()
        flash("You have signed out.", "success")
    return redirect(url_for("auth.login"), 303)


@bp.get("/admin/users")
@organiser_only
def users():
    return render_template("auth/users.html", users=all_users(db.session), form=_new_user_form())


def _new_user_form() -> NewUserForm:
    form = NewUserForm()
    form.organisation.choices = organisation_choices(db.session, key="name", blank="No organisation")
    return form


@bp.post("/admin/users")
@organiser_only
def users_create():
    form = _new_user_form()
    if submit(form, lambda: create_account(
            db.session, current_actor(), email=form.email.data, role=Role(form.role.data), name=form.name.data,
            organisation_name=form.organisation.data or None),
            success=lambda user: f"Account created for {user.person.name}: we have emailed them a link to set a "
                                 "password.", field=form.email):
        return redirect(url_for("auth.users"), 303)
    return render_template("auth/users.html", users=all_users(db.session), form=form), 422


@bp.route("/admin/users/<int:user_id>", methods=["GET", "POST"])
@organiser_only
def user_edit(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    form = EditUserForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.role.data = user.role.value
    if submit(form, lambda: update_user(db.session, current_actor(), user, role=Role(form.role.data),
                                        active=form.active.data),
              success=f"Saved {user.person.name}'s account.", field=form.role):
        return redirect(url_for("auth.users"), 303)
    return render_template("auth/user_edit.html", user=user, form=form, end_form=ActionForm(),
                           sessions=live_sessions(db.session, user), two_factor_on=has_two_factor(db.session, user)
                           ), 422 if form.errors else 200


@bp.post("/admin/users/<int:user_id>/sessions/end")
@organiser_only
def user_sessions_end(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    return perform(ActionForm(), lambda: revoke_sessions(db.session, current_actor(), user, g.session_id),
                   url_for("auth.user_edit", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/password-link")
@organiser_only
def user_password_link(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    return perform(ActionForm(), lambda: resend_welcome(db.session, current_actor(), user),
                   url_for("auth.user_edit", user_id=user.id))


@bp.post("/admin/users/<int:user_id>/two-factor/reset")
@organiser_only
def user_two_factor_reset(user_id: int):
    user = db.session.get(User, user_id) or abort(404)
    return perform(ActionForm(), lambda: reset_two_factor(db.session, current_actor(), user),
                   url_for("auth.user_edit", user_id=user.id))


def _anonymous_for_sure() -> bool:
    """No cookie can name a sign-in here: the request has no session cookie (a calendar client, a first visit:
    _load_user needs the cookie's "sid", whether Flask-Login found the user id in it or in a remember cookie), or
    the view's link is its credential. Then nobody is signed in, without hashing the address and User-Agent
    for session protection or looking for a remember cookie."""
    view = current_app.view_functions.get(request.endpoint or "")
    return (getattr(view, "link_is_the_credential", False)
            or current_app.config["SESSION_COOKIE_NAME"] not in request.cookies)


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)

    @app.before_request
    def _resume_session_first() -> None:
        # Who is signed in is settled before the request's own transaction begins: resume_session may write on a
        # connection of its own, and must not wait on a SQLite write lock that this same request (a POST) holds.
        if request.endpoint == "static":
            return
        if _anonymous_for_sure():
            g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request user, as the API sets it
        else:
            current_user._get_current_object()

    @app.context_processor
    def _layout() -> dict:
        # Mail templates render outside any request: they get no form.
        return {"logout_form": LogoutForm() if has_request_context() else None,
                "viewer": current_viewer() if has_request_context() else ANONYMOUS}

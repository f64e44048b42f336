"""Sign in, sign out, and the organisers' user management."""

from __future__ import annotations

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    has_request_context,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import LoginManager, current_user, login_user, logout_user

from .. import db
from ..events.queries import organisation_choices
from ..security import safe_next
from ..throttle import Throttled
from ..web import submit
from .forms import EditUserForm, LoginForm, LogoutForm, NewUserForm
from .models import Role, User
from .permissions import ANONYMOUS, current_actor, current_viewer, organiser_only
from .services import SIGN_IN_FAILED, all_users, authenticate, create_user, update_user

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Please sign in to see that page."
login_manager.session_protection = "strong"


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
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
        user = authenticate(db.session, form.email.data, form.password.data, request.remote_addr or "unknown")
    except Throttled as exc:
        return render_template("auth/login.html", form=form, next=target, error=str(exc)), 429
    if user is None:
        return render_template("auth/login.html", form=form, next=target, error=SIGN_IN_FAILED), 401
    session.clear()  # a fresh session at every sign-in: no fixation
    login_user(user, remember=False)
    flash(f"Signed in as {user.person.name}.", "success")
    return redirect(target or url_for("events.home"), 303)


@bp.post("/logout")
def logout():
    if LogoutForm().validate_on_submit() and current_user.is_authenticated:
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
    if submit(form, lambda: create_user(
            db.session, current_actor(), email=form.email.data, role=Role(form.role.data),
            password=form.password.data or None, name=form.name.data, organisation_name=form.organisation.data or None),
            success=lambda user: f"Account created for {user.person.name}.", field=form.email):
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
    return render_template("auth/user_edit.html", user=user, form=form), 422 if form.errors else 200


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    app.register_blueprint(bp)

    @app.context_processor
    def _layout() -> dict:
        # Mail templates render outside any request: they get no form.
        return {"logout_form": LogoutForm() if has_request_context() else None,
                "viewer": current_viewer() if has_request_context() else ANONYMOUS}

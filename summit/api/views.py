"""The JSON API's root blueprint (/api/v1): bearer-token authentication, scopes, rate limits and problem answers
for every API route, and the OpenAPI document with its page. The resources live in the nested blueprints."""

from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException

from .. import db
from ..auth.models import User
from ..auth.permissions import viewer_for
from ..errors import RuleBroken
from . import views_commitments, views_events, views_staff
from .http import respond
from .problems import Problem, from_http, from_problem, from_rule
from .registry import document
from .services import authenticate

bp = Blueprint("api", __name__, url_prefix="/api/v1")
CHILDREN = (views_events.bp, views_commitments.bp, views_staff.bp)
for child in CHILDREN:
    bp.register_blueprint(child)
bp.register_error_handler(Problem, from_problem)
bp.register_error_handler(HTTPException, from_http)
bp.register_error_handler(RuleBroken, from_rule)


@bp.url_value_preprocessor
def _ignore_cookies(_endpoint, _values) -> None:
    """A session cookie never authenticates the API: current_user is anonymous here before anything asks."""
    g._login_user = current_app.login_manager.anonymous_user()  # Flask-Login's per-request user


@bp.before_request
def _authenticate() -> None:
    """Bearer token -> its user; then its rate limit; then the operation's scope, held and still allowed."""
    described = getattr(current_app.view_functions.get(request.endpoint or ""), "api_operation", None)
    if described is None:
        return  # the document and its page are public
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise Problem(401)
    config = current_app.config
    use = authenticate(db.engine, secret.strip(), config["API_RATE_LIMIT"],
                       timedelta(seconds=config["API_RATE_WINDOW_SECONDS"]))
    if use is None:
        raise Problem(401)
    if use.retry_after is not None:
        raise Problem(429, f"This token may make {config['API_RATE_LIMIT']} requests in "
                           f"{config['API_RATE_WINDOW_SECONDS']} seconds; wait {use.retry_after} seconds.",
                      headers={"Retry-After": str(use.retry_after)}, retry_after=use.retry_after)
    g.api_use, g.api_user = use, db.session.get(User, use.user_id)
    if described.scope and described.scope not in use.scopes:
        raise Problem(403, f"This token does not have the scope {described.scope}.", required_scope=described.scope)
    if described.scope and not viewer_for(g.api_user).may_hold_scope(described.scope):
        raise Problem(403, f"Your account may no longer use the scope {described.scope}.",
                      required_scope=described.scope)


@bp.get("/openapi.json")
def openapi():
    return respond(document(current_app))


@bp.get("/docs")
def docs():
    return render_template("api/docs.html", spec=document(current_app))

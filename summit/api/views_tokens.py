"""Profile -> API: make personal access tokens (each shown once), see when they were last used, revoke them."""

from __future__ import annotations

from flask import Blueprint, render_template, url_for
from flask_login import current_user

from .. import db
from ..auth.permissions import current_actor, requires
from ..capabilities import shown_once
from ..clock import utcnow
from ..forms import ActionForm, options
from ..web import perform, submit
from .forms import TokenForm
from .services import create_token, offered_scopes, revoke_token, tokens_of

bp = Blueprint("api_tokens", __name__, url_prefix="/account/api")
signed_in_only = requires("signed_in")


def token_form() -> TokenForm:
    form = TokenForm()
    form.scopes.choices = options((s.value, f"{s.value}: {s.label}") for s in offered_scopes(current_user))
    return form


def page(form: TokenForm, fresh: str | None = None, status: int = 200):
    return render_template("api/tokens.html", form=form, action_form=ActionForm(), fresh=fresh, now=utcnow(),
                           tokens=tokens_of(db.session, current_user)), status


@bp.get("")
@signed_in_only
def tokens():
    return page(token_form())


@bp.post("")
@signed_in_only
def create():
    form = token_form()
    done = submit(form, lambda: create_token(db.session, current_actor(), current_user, name=form.name.data or "",
                                             scopes=form.scopes.data or [],
                                             expires_in_days=form.expires_in_days.data or 0))
    if not done:
        return page(form, status=422)
    _row, secret = done.result
    body, _ = page(token_form(), fresh=secret)
    return shown_once(body)


@bp.post("/<int:token_id>/revoke")
@signed_in_only
def revoke(token_id: int):
    return perform(ActionForm(), lambda: revoke_token(db.session, current_actor(), current_user, token_id),
                   url_for(".tokens"))

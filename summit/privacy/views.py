"""The privacy notice: public, so that an invitee can read it before answering."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from .. import db
from ..events.services import current_event
from .services import retention_periods

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    event = current_event(db.session)
    return render_template("privacy/notice.html", event=event, periods=retention_periods(current_app.config))

"""The privacy notice (public, so that an invitee can read it before answering) and "Download my data"."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, render_template
from flask_login import current_user, login_required

from .. import db
from ..events.services import current_event
from .export import export_person
from .services import retention_periods

bp = Blueprint("privacy", __name__)


@bp.get("/privacy")
def notice():
    event = current_event(db.session)
    return render_template("privacy/notice.html", event=event, periods=retention_periods(current_app.config))


@bp.get("/profile/my-data")
@login_required
def my_data():
    """Subject access: the signed-in person's own data, as a JSON download."""
    body = json.dumps(export_person(db.session, current_user.person), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="my-summit-data.json"',
                             "Cache-Control": "no-store"})

"""Organisers read the outbox: what was sent, what waits, what failed and why."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..forms import ActionForm
from .models import MailStatus, OutboxMessage
from .services import counts_by_status, latest_messages, retry_now
from .transport import describe

bp = Blueprint("mail_admin", __name__, url_prefix="/admin/outbox")
PAGE = 200


@bp.get("")
@organiser_only
def outbox():
    status = request.args.get("status")
    chosen = MailStatus(status) if status in {s.value for s in MailStatus} else None
    return render_template("mail/outbox.html", messages=latest_messages(db.session, chosen, PAGE),
                           counts=counts_by_status(db.session),
                           statuses=list(MailStatus), status=status, form=ActionForm(),
                           transport=describe(current_app.config["MAIL_URL"]))


@bp.post("/<int:message_id>/retry")
@organiser_only
def retry(message_id: int):
    message = db.session.get(OutboxMessage, message_id) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        retry_now(db.session, current_actor(), message)
    except ValueError as exc:
        flash(str(exc), "error")
        return redirect(url_for(".outbox"), 303)
    db.session.commit()
    flash(f"Message to {message.to_address} will be tried again.", "success")
    return redirect(url_for(".outbox"), 303)

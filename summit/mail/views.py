"""Organisers read the outbox: what was sent, what waits, what failed and why."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..forms import ActionForm
from .models import MailStatus, OutboxMessage
from .services import retry_now
from .transport import describe

bp = Blueprint("mail_admin", __name__, url_prefix="/admin/outbox")
PAGE = 200


@bp.get("")
@organiser_only
def outbox():
    status = request.args.get("status")
    query = select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(PAGE)
    if status in {s.value for s in MailStatus}:
        query = query.where(OutboxMessage.status == MailStatus(status))
    counts = dict(db.session.execute(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return render_template("mail/outbox.html", messages=db.session.scalars(query).all(), counts=counts,
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

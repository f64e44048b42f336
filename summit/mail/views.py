"""Organisers read the outbox: what was sent, what waits, what failed and why."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..forms import ActionForm
from .dev import links_in, written_emails
from .models import MailStatus, OutboxMessage
from .services import counts_by_status, latest_messages, masked, page_of_messages, retry_now
from .transport import describe

bp = Blueprint("mail_admin", __name__, url_prefix="/admin/outbox")
PAGE = 200


@bp.get("")
@organiser_only
def outbox():
    status = request.args.get("status")
    chosen = MailStatus(status) if status in {s.value for s in MailStatus} else None
    q = (request.args.get("q") or "").strip() or None
    messages, total, page, pages = page_of_messages(db.session, chosen, q, request.args.get("page", 1, type=int))
    return render_template("mail/outbox.html", messages=messages, total=total, page=page, pages=pages, q=q,
                           counts=counts_by_status(db.session),
                           statuses=list(MailStatus), status=chosen.value if chosen else None, form=ActionForm(),
                           transport=describe(current_app.config["MAIL_URL"]))


@bp.get("/<int:message_id>")
@organiser_only
def message(message_id: int):
    """One message as it was written, personal-link tokens masked."""
    row = db.session.get(OutboxMessage, message_id) or abort(404)
    return render_template("mail/message.html", m=row, text=masked(row.text_body))


@bp.get("/dev")
@organiser_only
def development_index():
    """Development only: the newest written emails with their links, so a newcomer can follow an invitation."""
    if current_app.config["SUMMIT_ENV"] != "development":
        abort(404)
    waiting = [m for m in latest_messages(db.session, MailStatus.PENDING, PAGE) if links_in(m.text_body)]
    return render_template("mail/dev_index.html", waiting=waiting, links_in=links_in,
                           written=written_emails(current_app.config["MAIL_URL"]))


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

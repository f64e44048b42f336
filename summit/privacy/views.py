"""The privacy notice (public, so that an invitee can read it before answering) and "Download my data"."""

from __future__ import annotations

import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..events.services import current_event
from ..invitations.views_admin import invitation_or_404
from ..web import event_or_404
from .erasure import erase_person, erasure_summary
from .export import export_person
from .forms import EraseForm
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


@bp.route("/events/<slug>/invitations/<int:invitation_id>/erase-person", methods=["GET", "POST"])
@organiser_only
def erase(slug: str, invitation_id: int):
    """Organisers erase the person an invitation is for, after a confirmation that names what will go."""
    event = event_or_404(slug)
    invitation = invitation_or_404(event, invitation_id)
    person = invitation.person
    form = EraseForm()
    if form.validate_on_submit():
        erase_person(db.session, current_actor(), person)
        db.session.commit()
        flash(f"Erased: this person is now {person.name}.", "success")
        return redirect(url_for("invitations.detail", slug=event.slug, invitation_id=invitation.id), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("privacy/erase.html", event=event, invitation=invitation, form=form,
                           summary=erasure_summary(db.session, person)), status

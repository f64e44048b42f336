"""Organisers: letter settings, any delegate's letter or all of them as one PDF, and verifying a reference.
(A delegate's own letter is on their RSVP page: rsvp.letter.)"""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for

from .. import db
from ..auth.permissions import current_actor, organiser_only
from ..errors import RuleBroken
from ..events.models import Event
from ..invitations.models import Invitation
from ..web import event_or_404, of_event_or_404, submit
from .forms import LetterSettingsForm, VerifyForm
from .letters import accepted_invitations, letter_settings, letters_pdf, save_letter_settings, verify_reference

bp = Blueprint("letters", __name__, url_prefix="/events/<slug>/letters")


def pdf_response(body: bytes, filename: str) -> Response:
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _page(event: Event, form: LetterSettingsForm | None = None, verify: VerifyForm | None = None,
          checked: dict | None = None, status: int = 200):
    if form is None:
        form = LetterSettingsForm(formdata=None, obj=letter_settings(db.session, event))
    return render_template("letters/index.html", event=event, form=form, verify=verify or VerifyForm(formdata=None),
                           checked=checked, accepted=accepted_invitations(db.session, event)), status


@bp.get("")
@organiser_only
def index(slug: str):
    return _page(event_or_404(slug))


@bp.post("/settings")
@organiser_only
def settings(slug: str):
    event = event_or_404(slug)
    form = LetterSettingsForm()
    if submit(form, lambda: save_letter_settings(db.session, current_actor(), event, letterhead=form.letterhead.data,
                                                 purpose=form.purpose.data or "", signer_name=form.signer_name.data,
                                                 signer_title=form.signer_title.data or ""),
              success="Saved: new letters use these settings."):
        return redirect(url_for(".index", slug=slug), 303)
    return _page(event, form=form, status=422)


@bp.post("/verify")
@organiser_only
def verify(slug: str):
    event = event_or_404(slug)
    form = VerifyForm()
    if not form.validate_on_submit():
        return _page(event, verify=form, status=422)
    letter = verify_reference(db.session, event, form.reference.data)
    return _page(event, verify=form, checked={"letter": letter, "reference": form.reference.data.strip()})


@bp.get("/all.pdf")
@organiser_only
@db.writes
def all_letters(slug: str):
    event = event_or_404(slug)
    return _letters(event, accepted_invitations(db.session, event), f"{event.slug}-letters.pdf")


@bp.get("/<int:invitation_id>.pdf")
@organiser_only
@db.writes
def one(slug: str, invitation_id: int):
    event = event_or_404(slug)
    invitation = of_event_or_404(Invitation, invitation_id, event)
    return _letters(event, [invitation], f"{event.slug}-letter-{invitation.id}.pdf")


def _letters(event: Event, invitations: list[Invitation], filename: str) -> Response:
    try:
        body = letters_pdf(db.session, current_actor(), event, invitations)
    except RuleBroken:  # not accepted, or nobody is
        db.session.rollback()
        abort(404)
    db.session.commit()
    return pdf_response(body, filename)

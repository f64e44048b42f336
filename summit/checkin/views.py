"""The reception desk, on a phone without JavaScript: search or scan, one tap to check in, undo, walk-ins."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for

from .. import capabilities, db
from ..auth.permissions import check_in_only, current_actor, requires
from ..forms import ActionForm
from ..invitations.forms import organisation_choices
from ..invitations.models import Invitation
from ..web import event_or_404, of_event_or_404, perform, submit
from . import codes
from .forms import WalkInForm
from .services import add_walk_in, arrival, check_in, find_by_code, search, undo_check_in

bp = Blueprint("checkin", __name__, url_prefix="/events/<slug>/check-in")


@bp.get("")
@check_in_only
def desk(slug: str):
    event = event_or_404(slug)
    text = request.args.get("q", "").strip()[:200]
    code = codes.normalise(text)  # a code read out from a flat phone; an 8-letter surname may look like one too
    if code is not None and (found := find_by_code(db.session, event, code)) is not None:
        return redirect(url_for(".person", slug=slug, invitation_id=found.id), 303)
    results = search(db.session, event, text) if text else None
    return render_template("checkin/desk.html", event=event, q=text, results=results, form=ActionForm())


@bp.get("/c/<code>")
@check_in_only
@db.writes
def by_code(slug: str, code: str):
    event = event_or_404(slug)
    invitation = capabilities.lookup_here("check-in", code, lambda session, c: find_by_code(session, event, c))
    if invitation is None:
        return render_template("checkin/unknown_code.html", event=event), 404
    # the code leaves the address bar (and any Referer), as a followed RSVP link's token does
    return redirect(url_for(".person", slug=slug, invitation_id=invitation.id), 303)


def _invitation(event, invitation_id: int) -> Invitation:
    return of_event_or_404(Invitation, invitation_id, event)


def _person_page(event, invitation: Invitation):
    return render_template("checkin/person.html", event=event, arrival=arrival(db.session, invitation),
                           form=ActionForm())


@bp.get("/<int:invitation_id>")
@check_in_only
def person(slug: str, invitation_id: int):
    event = event_or_404(slug)
    return _person_page(event, _invitation(event, invitation_id))


@bp.post("/<int:invitation_id>")
@check_in_only
def check_in_submit(slug: str, invitation_id: int):
    return _act(slug, invitation_id, check_in, "Checked in: {name}.")


@bp.post("/<int:invitation_id>/undo")
@check_in_only
def undo(slug: str, invitation_id: int):
    return _act(slug, invitation_id, undo_check_in, "Check-in undone: {name} is not checked in.")


def _act(slug: str, invitation_id: int, service, done: str):
    """Run a check-in service on one person and go back to their page, saying what happened."""
    event = event_or_404(slug)
    invitation = _invitation(event, invitation_id)

    def work() -> str:
        service(db.session, current_actor(), event, invitation)
        return done.format(name=invitation.person.name)

    return perform(ActionForm(), work, url_for(".person", slug=slug, invitation_id=invitation.id))


def _walk_in_form() -> WalkInForm:
    form = WalkInForm()
    form.organisation.choices = organisation_choices(db.session)
    return form


@bp.get("/walk-in")
@requires("may_add_walk_in")
def walk_in(slug: str):
    return render_template("checkin/walk_in.html", event=event_or_404(slug), form=_walk_in_form())


@bp.post("/walk-in")
@requires("may_add_walk_in")
def walk_in_submit(slug: str):
    event = event_or_404(slug)
    form = _walk_in_form()
    done = submit(form, lambda: add_walk_in(db.session, current_actor(), event, name=form.name.data,
                                            email=form.email.data, organisation_name=form.organisation.data,
                                            job_title=form.job_title.data or ""),
                  success=lambda invitation: f"Added and checked in: {invitation.person.name}.", field=form.email)
    if done:
        return redirect(url_for(".person", slug=slug, invitation_id=done.result.id), 303)
    return render_template("checkin/walk_in.html", event=event, form=form), 422

"""Commitments for the secretariat (record, capture, review, verify) and for delegates (see, report progress)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask_login import login_required

from .. import db
from ..auth.history import actor_role_label, history_for
from ..auth.permissions import current_actor, current_viewer, staff_only
from ..events.models import Event
from ..forms import ActionForm, options
from ..web import event_or_404, submit
from .forms import (
    CaptureForm,
    CommitmentForm,
    CommitmentOptions,
    MilestoneForm,
    ReviewForm,
    UpdateForm,
    VerifyForm,
    fields_from,
)
from .lookups import commitment_or_404
from .models import Commitment, CommitmentStatus
from .readiness import waiting_for_report
from .reporting import build_report
from .services import (
    UNREVIEWED_UPDATE_ACTIONS,
    agreed_in,
    captured_in,
    commitments_visible_to,
    create_commitment,
    overdue,
    pending_updates,
    update_commitment,
    updates_for,
)

bp = Blueprint("commitments", __name__, url_prefix="/events/<slug>/commitments")



# ---- lists ------------------------------------------------------------------------------------------------

@bp.get("")
@login_required
def index(slug: str):
    event = event_or_404(slug)
    viewer = current_viewer(event)
    if viewer.is_staff:
        report = build_report(db.session, event, public_only=False)
        return render_template("commitments/dashboard.html", event=event, report=report,
                               pending=pending_updates(db.session, event),
                               waiting=waiting_for_report(db.session, event), action_form=ActionForm())
    mine = commitments_visible_to(db.session, event, viewer, own=True)
    return render_template("commitments/mine.html", event=event, commitments=mine,
                           overdue={c.id for c in mine if overdue(c, event)})


# ---- recording ----------------------------------------------------------------------------------------------

@bp.get("/new")
@staff_only
def new(slug: str):
    event = event_or_404(slug)
    form = CommitmentForm(formdata=None)
    CommitmentOptions.load(db.session, event).fill(form)
    return render_template("commitments/form.html", event=event, form=form, commitment=None)


@bp.post("/new")
@staff_only
def create(slug: str):
    event = event_or_404(slug)
    form = CommitmentForm()
    CommitmentOptions.load(db.session, event).fill(form)
    if created := submit(form, lambda: create_commitment(db.session, current_actor(), event,
                                                         fields_from(db.session, form)),
                         success=lambda commitment: f"Recorded {commitment.reference}."):
        return redirect(url_for(".detail", slug=slug, reference=created.result.reference), 303)
    return render_template("commitments/form.html", event=event, form=form, commitment=None), 422


@bp.route("/capture", methods=["GET", "POST"])
@staff_only
def capture(slug: str):
    """In the room: few fields, the session kept, one commitment after another without leaving the page."""
    event = event_or_404(slug)
    form = CaptureForm()
    CommitmentOptions.load(db.session, event).fill(form)
    status = 200
    if request.method == "GET":
        form.session_id.data = request.args.get("session", type=int) or 0
    elif submit(form, lambda: create_commitment(db.session, current_actor(), event, fields_from(db.session, form)),
                success=lambda commitment: f"Captured {commitment.reference}: {commitment.title}"):
        return redirect(url_for(".capture", slug=slug, session=form.session_id.data or None), 303)
    else:
        status = 422
    session_id = form.session_id.data or None
    captured = captured_in(db.session, event, session_id) if session_id else []
    return render_template("commitments/capture.html", event=event, form=form, captured=captured), status


@bp.get("/<reference>")
@login_required
def detail(slug: str, reference: str):
    event = event_or_404(slug)
    return detail_page(event, commitment_or_404(event, reference))


def update_form(commitment: Commitment, formdata: bool = False) -> UpdateForm:
    """The progress update form; `formdata` to read the posted one."""
    form = UpdateForm() if formdata else UpdateForm(formdata=None, progress=commitment.progress)
    form.proposed_status.choices = options([("", "No change"), *(
        (s.value, s.label) for s in CommitmentStatus if s is not CommitmentStatus.VERIFIED)])
    return form


def detail_page(event: Event, commitment: Commitment, posted: UpdateForm | None = None):
    """The commitment's page; with `posted`, the update form as sent, with its errors and what was typed (422)."""
    viewer = current_viewer(event)
    see_pending = viewer.may_see_pending_updates(commitment)
    updates = updates_for(db.session, commitment, accepted_only=not see_pending)
    return render_template(
        "commitments/detail.html", event=event, c=commitment, updates=updates, is_overdue=overdue(commitment, event),
        history=history_for(db.session, "commitments", commitment.id, show_people=viewer.is_staff,
                                  hide_actions=() if see_pending else UNREVIEWED_UPDATE_ACTIONS),
        staff=viewer.is_staff, see_pending=see_pending, role_label=actor_role_label,
        owner=viewer.may_report_progress(commitment),
        update_form=posted or update_form(commitment), review_form=ReviewForm(formdata=None),
        verify_form=VerifyForm(formdata=None), milestone_form=MilestoneForm(formdata=None), action_form=ActionForm(),
        session_item=agreed_in(db.session, commitment, viewer)), 422 if posted else 200


@bp.route("/<reference>/edit", methods=["GET", "POST"])
@staff_only
def edit(slug: str, reference: str):
    event = event_or_404(slug)
    commitment = commitment_or_404(event, reference)
    form = CommitmentForm(obj=commitment) if request.method == "GET" else CommitmentForm()
    CommitmentOptions.load(db.session, event).fill(form, commitment.status)
    if request.method == "GET":
        form.expectation.data, form.visibility.data = commitment.expectation.value, commitment.visibility.value
        form.status.data, form.rag.data = commitment.status.value, commitment.rag.value
        form.pledge_currency.data = commitment.pledge_currency.value if commitment.pledge_currency else ""
        form.pledge_kind.data = commitment.pledge_kind.value if commitment.pledge_kind else ""
        form.session_id.data = commitment.session_id or 0
        form.organisation_ids.data = [o.id for o in commitment.organisations]
        form.contact_email.data = commitment.contact_person.email if commitment.contact_person else ""
    elif submit(form, lambda: update_commitment(db.session, current_actor(), commitment, fields_from(db.session, form)),
                success=f"Saved {commitment.reference}.", field=form.status):
        return redirect(url_for(".detail", slug=slug, reference=commitment.reference), 303)
    status = 422 if request.method == "POST" else 200
    return render_template("commitments/form.html", event=event, form=form, commitment=commitment), status

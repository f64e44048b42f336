"""Commitments for the secretariat (record, capture, review, verify) and for delegates (see, report progress)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload

from .. import audit, db
from ..agenda.models import AgendaSession
from ..auth.access import current_actor, role_required, staff_only
from ..auth.models import Role
from ..events.models import Event
from ..forms import ActionForm, options
from ..web import event_or_404
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
from .models import Commitment, CommitmentStatus, CommitmentVisibility, ProgressUpdate, UpdateState
from .reporting import build_report
from .services import (
    CommitmentError,
    commitments_for,
    create_commitment,
    find_commitment,
    is_staff,
    overdue,
    owned_by,
    update_commitment,
    visible_to,
)

bp = Blueprint("commitments", __name__, url_prefix="/events/<slug>/commitments")
secretariat_only = role_required(Role.SECRETARIAT)



def commitment_or_404(event: Event, reference: str) -> Commitment:
    """The commitment if this user may see it; any other gets the same 404 as a missing one."""
    commitment = find_commitment(db.session, event, reference)
    if commitment is None or not visible_to(commitment, current_user):
        abort(404)
    return commitment


# ---- lists ------------------------------------------------------------------------------------------------

@bp.get("")
@login_required
def index(slug: str):
    event = event_or_404(slug)
    if is_staff(current_user):
        report = build_report(db.session, event, public_only=False)
        pending = db.session.scalars(
            select(ProgressUpdate).join(ProgressUpdate.commitment)
            .options(contains_eager(ProgressUpdate.commitment), joinedload(ProgressUpdate.author))
            .where(Commitment.event_id == event.id, ProgressUpdate.state == UpdateState.PENDING)).all()
        return render_template("commitments/dashboard.html", event=event, report=report, pending=pending)
    mine = [c for c in commitments_for(db.session, event, current_user.organisation_id) if visible_to(c, current_user)]
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
    if form.validate_on_submit():
        try:
            commitment = create_commitment(db.session, current_actor(), event, fields_from(db.session, form))
            db.session.commit()
            flash(f"Recorded {commitment.reference}.", "success")
            return redirect(url_for(".detail", slug=slug, reference=commitment.reference), 303)
        except CommitmentError as exc:
            db.session.rollback()
            form.title.errors = [*form.title.errors, str(exc)]
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
    elif form.validate_on_submit():
        try:
            commitment = create_commitment(db.session, current_actor(), event, fields_from(db.session, form))
            db.session.commit()
            flash(f"Captured {commitment.reference}: {commitment.title}", "success")
            return redirect(url_for(".capture", slug=slug, session=form.session_id.data or None), 303)
        except CommitmentError as exc:
            db.session.rollback()
            form.title.errors = [*form.title.errors, str(exc)]
            status = 422
    else:
        status = 422
    session_id = form.session_id.data or None
    captured = db.session.scalars(select(Commitment).where(Commitment.event_id == event.id,
                                                           Commitment.session_id == session_id)
                                  .order_by(Commitment.id.desc()).limit(20)).all() if session_id else []
    return render_template("commitments/capture.html", event=event, form=form, captured=captured), status


@bp.get("/<reference>")
@login_required
def detail(slug: str, reference: str):
    event = event_or_404(slug)
    commitment = commitment_or_404(event, reference)
    updates = db.session.scalars(select(ProgressUpdate).where(ProgressUpdate.commitment_id == commitment.id)
                                 .order_by(ProgressUpdate.posted_at.desc())).all()
    update_form = UpdateForm(formdata=None, progress=commitment.progress)
    update_form.proposed_status.choices = options([("", "No change"), *(
        (s.value, s.label) for s in CommitmentStatus if s is not CommitmentStatus.VERIFIED)])
    return render_template(
        "commitments/detail.html", event=event, c=commitment, updates=updates, is_overdue=overdue(commitment, event),
        history=audit.history(db.session, "commitments", commitment.id), staff=is_staff(current_user),
        owner=owned_by(commitment, current_user) and commitment.visibility is not CommitmentVisibility.SECRETARIAT,
        update_form=update_form, review_form=ReviewForm(formdata=None), verify_form=VerifyForm(formdata=None),
        milestone_form=MilestoneForm(formdata=None), action_form=ActionForm(),
        session_item=db.session.get(AgendaSession, commitment.session_id) if commitment.session_id else None)


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
        form.session_id.data = commitment.session_id or 0
        form.organisation_ids.data = [o.id for o in commitment.organisations]
        form.contact_email.data = commitment.contact_person.email if commitment.contact_person else ""
    elif form.validate_on_submit():
        try:
            update_commitment(db.session, current_actor(), commitment, fields_from(db.session, form))
            db.session.commit()
            flash(f"Saved {commitment.reference}.", "success")
            return redirect(url_for(".detail", slug=slug, reference=commitment.reference), 303)
        except CommitmentError as exc:
            db.session.rollback()
            form.status.errors = [*form.status.errors, str(exc)]
    status = 422 if request.method == "POST" else 200
    return render_template("commitments/form.html", event=event, form=form, commitment=commitment), status

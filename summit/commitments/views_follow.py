"""Following commitments: progress updates and their review, verification, milestones, import and export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import db, imports
from ..auth.permissions import current_actor, current_viewer, secretariat_only, staff_only
from ..forms import ActionForm, CsvConfirmForm
from ..web import event_or_404, perform, submit
from .forms import ImportForm, MilestoneForm, ReviewForm, VerifyForm
from .importer import plan_commitments, run_commitment_import
from .lookups import commitment_or_404
from .models import Commitment, CommitmentStatus, ProgressUpdate
from .readiness import mark_ready
from .reporting import export_commitments, report_csv, report_json
from .services import add_milestone, complete_milestone, post_update, review_update, today_for, verify
from .views import detail_page, update_form

bp = Blueprint("commitment_follow", __name__, url_prefix="/events/<slug>/commitments")

# ---- progress, review, verification, milestones -------------------------------------------------------------

def back(slug: str, commitment: Commitment) -> str:
    return url_for("commitments.detail", slug=slug, reference=commitment.reference)


@bp.post("/<reference>/updates")
@login_required
def post(slug: str, reference: str):
    event = event_or_404(slug)
    commitment = commitment_or_404(event, reference)
    if not current_viewer(event).may_report_progress(commitment):
        abort(403)
    form = update_form(commitment, formdata=True)
    if submit(form, lambda: post_update(
            db.session, current_actor(), current_user, commitment, text=form.text.data, progress=form.progress.data,
            evidence=form.evidence.data or "",
            proposed_status=CommitmentStatus(form.proposed_status.data) if form.proposed_status.data else None),
              success="Thank you: your update is with the secretariat for review.", field=form.text):
        return redirect(back(slug, commitment), 303)
    return detail_page(event, commitment, posted=form)  # what was typed stays, the error beside its field


@bp.post("/<reference>/ready")
@staff_only
def ready(slug: str, reference: str):
    """One click on the dashboard: a captured commitment goes on the report."""
    commitment = commitment_or_404(event_or_404(slug), reference)

    def work() -> str:
        mark_ready(db.session, current_actor(), commitment)
        return f"{commitment.reference} is ready for the report."

    return perform(ActionForm(), work, url_for("commitments.index", slug=slug))


@bp.post("/<reference>/updates/<int:update_id>/review")
@staff_only
def review(slug: str, reference: str, update_id: int):
    commitment = commitment_or_404(event_or_404(slug), reference)
    update = db.session.get(ProgressUpdate, update_id)
    if update is None or update.commitment_id != commitment.id:
        abort(404)
    form = ReviewForm()

    def work() -> str:
        accept = form.decision.data == "accept"
        review_update(db.session, current_actor(), update, accept=accept, comment=form.comment.data or "")
        return "Update accepted." if accept else "Update returned with your comment."

    return perform(form, work, back(slug, commitment), "Choose a decision.")


@bp.post("/<reference>/verify")
@secretariat_only
def verify_commitment(slug: str, reference: str):
    commitment = commitment_or_404(event_or_404(slug), reference)
    form = VerifyForm()

    def work() -> str:
        verify(db.session, current_actor(), current_user, commitment, form.evidence.data)
        return f"{commitment.reference} is verified."

    return perform(form, work, back(slug, commitment), "Say what evidence the verification rests on.")


@bp.post("/<reference>/milestones")
@staff_only
def milestone_add(slug: str, reference: str):
    commitment = commitment_or_404(event_or_404(slug), reference)
    form = MilestoneForm()

    def work() -> None:
        add_milestone(db.session, current_actor(), commitment, form.title.data, form.due_on.data)

    return perform(form, work, back(slug, commitment), "A milestone needs a title.")


@bp.post("/<reference>/milestones/<int:milestone_id>/done")
@staff_only
def milestone_done(slug: str, reference: str, milestone_id: int):

    event = event_or_404(slug)
    commitment = commitment_or_404(event, reference)
    milestone = next((m for m in commitment.milestones if m.id == milestone_id), None) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    complete_milestone(db.session, current_actor(), milestone, today_for(event))
    db.session.commit()
    return redirect(url_for("commitments.detail", slug=slug, reference=commitment.reference), 303)


# ---- import and export --------------------------------------------------------------------------------------

@bp.get("/export.<any(csv, json):kind>")
@staff_only
@db.writes
def export(slug: str, kind: str):
    event = event_or_404(slug)
    report = export_commitments(db.session, current_actor(), event, kind)
    db.session.commit()
    if kind == "json":
        return report_json(report, public=False)
    return Response(report_csv(report, public=False), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{event.slug}-commitments.csv"'})


@bp.get("/import")
@staff_only
def import_upload(slug: str):
    return render_template("commitments/import.html", event=event_or_404(slug), form=ImportForm(), plan=None)


@bp.post("/import")
@staff_only
def import_preview(slug: str):
    event = event_or_404(slug)
    return imports.preview(ImportForm(), CsvConfirmForm, lambda data, _form: plan_commitments(db.session, event, data),
                           "commitments/import.html", event=event)


@bp.post("/import/confirm")
@staff_only
def import_confirm(slug: str):
    event = event_or_404(slug)

    def apply(plan, _form) -> str:
        created, changed = run_commitment_import(db.session, current_actor(), event, plan)
        return f"Imported: {created} added, {changed} changed, {len(plan.rows) - created - changed} unchanged."

    return imports.confirm(CsvConfirmForm(), ImportForm, lambda data, _form: plan_commitments(db.session, event, data),
                           apply, "commitments/import.html", url_for("commitments.index", slug=slug), event=event)

"""Following commitments: progress updates and their review, verification, milestones, import and export."""

from __future__ import annotations

from collections.abc import Callable

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import audit, db, imports
from ..auth.access import current_actor, staff_only
from ..forms import ActionForm, CsvConfirmForm, options
from ..web import event_or_404
from .forms import ImportForm, MilestoneForm, ReviewForm, UpdateForm, VerifyForm
from .importer import plan_commitments, run_commitment_import
from .models import Commitment, CommitmentStatus, ProgressUpdate
from .reporting import build_report, report_csv, report_json
from .services import CommitmentError, add_milestone, complete_milestone, post_update, review_update, verify
from .views import bp, commitment_or_404, secretariat_only

# ---- progress, review, verification, milestones -------------------------------------------------------------

def attempt(slug: str, commitment: Commitment, form, invalid: str, work: Callable[[], str | None]):
    """Check the form, run one service, commit and say so; a broken rule is flashed and nothing changes."""
    try:
        if not form.validate_on_submit():
            raise CommitmentError(" ".join(e for errors in form.errors.values() for e in errors) or invalid)
        message = work()
        db.session.commit()
        if message:
            flash(message, "success")
    except CommitmentError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for(".detail", slug=slug, reference=commitment.reference), 303)


@bp.post("/<reference>/updates")
@login_required
def post(slug: str, reference: str):
    commitment = commitment_or_404(event_or_404(slug), reference)
    form = UpdateForm()
    form.proposed_status.choices = options([("", "No change"), *((s.value, s.label) for s in CommitmentStatus)])

    def work() -> str:
        post_update(db.session, current_actor(), current_user, commitment, text=form.text.data,
                    progress=form.progress.data, evidence=form.evidence.data or "",
                    proposed_status=CommitmentStatus(form.proposed_status.data) if form.proposed_status.data else None)
        return "Thank you: your update is with the secretariat for review."

    return attempt(slug, commitment, form, "Describe what has happened.", work)


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

    return attempt(slug, commitment, form, "Choose a decision.", work)


@bp.post("/<reference>/verify")
@secretariat_only
def verify_commitment(slug: str, reference: str):
    commitment = commitment_or_404(event_or_404(slug), reference)
    form = VerifyForm()

    def work() -> str:
        verify(db.session, current_actor(), current_user, commitment, form.evidence.data)
        return f"{commitment.reference} is verified."

    return attempt(slug, commitment, form, "Say what evidence the verification rests on.", work)


@bp.post("/<reference>/milestones")
@staff_only
def milestone_add(slug: str, reference: str):
    commitment = commitment_or_404(event_or_404(slug), reference)
    form = MilestoneForm()

    def work() -> None:
        add_milestone(db.session, current_actor(), commitment, form.title.data, form.due_on.data)

    return attempt(slug, commitment, form, "A milestone needs a title.", work)


@bp.post("/<reference>/milestones/<int:milestone_id>/done")
@staff_only
def milestone_done(slug: str, reference: str, milestone_id: int):
    from ..clock import today_for

    event = event_or_404(slug)
    commitment = commitment_or_404(event, reference)
    milestone = next((m for m in commitment.milestones if m.id == milestone_id), None) or abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    complete_milestone(db.session, current_actor(), milestone, today_for(event))
    db.session.commit()
    return redirect(url_for(".detail", slug=slug, reference=commitment.reference), 303)


# ---- import and export --------------------------------------------------------------------------------------

@bp.get("/export.<any(csv, json):kind>")
@staff_only
def export(slug: str, kind: str):
    event = event_or_404(slug)
    report = build_report(db.session, event, public_only=False)
    audit.record(db.session, current_actor(), "commitment.export", event, after={"format": kind})
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
                           apply, "commitments/import.html", url_for(".index", slug=slug), event=event)

"""Organisers: the invitations dashboard, inviting one or many, actions on an invitation, reminders, export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for

from .. import db, imports
from ..auth.history import history_for
from ..auth.permissions import current_actor, organiser_only
from ..clock import utcnow
from ..events.models import Event
from ..events.queries import organisations
from ..forms import ActionForm
from ..questions.answers import invitation_answers
from ..web import event_or_404, of_event_or_404, perform, submit
from .bulk import ACTIONS as BULK_ACTIONS
from .bulk import ASK_FIRST, chosen_invitations, export_chosen, remind_chosen, resend_chosen, revoke_chosen
from .forms import ImportConfirmForm, ImportUploadForm, InviteForm, organisation_choices
from .importer import TEMPLATE, plan_import, run_import
from .listing import SORT_LABELS, Filters, page_of_invitations
from .models import ACCESS_OPTIONS, DIETARY_OPTIONS, Invitation, InvitationStatus
from .reports import catering_summary, counts_by_status, export_invitations
from .services import (
    awaiting_reminder,
    invite,
    override_quota,
    reminder_skip_days,
    revoke_invitation,
    send_invitation,
    send_reminders,
)

bp = Blueprint("invitations", __name__, url_prefix="/events/<slug>/invitations")



def invitation_or_404(event: Event, invitation_id: int) -> Invitation:
    return of_event_or_404(Invitation, invitation_id, event)


def invite_form() -> InviteForm:
    form = InviteForm()
    form.organisation.choices = organisation_choices(db.session)
    return form


@bp.get("")
@organiser_only
def dashboard(slug: str):
    return _dashboard(event_or_404(slug), invite_form())


def _dashboard(event: Event, form: InviteForm, status: int = 200):
    overall, per_org = counts_by_status(db.session, event)
    filters = Filters.from_args(request.args)
    listing = page_of_invitations(db.session, event, filters, request.args.get("page", 1, type=int))
    return render_template(
        "invitations/dashboard.html", event=event, overall=overall, per_org=per_org, listing=listing, form=form,
        filters=filters, sort_labels=SORT_LABELS, bulk_actions=BULK_ACTIONS,
        organisations=organisations(db.session), statuses=list(InvitationStatus),
        catering=catering_summary(db.session, event), action_form=ActionForm(),
        awaiting=len(awaiting_reminder(db.session, event, utcnow())),
    ), status


@bp.post("")
@organiser_only
def invite_one(slug: str):
    event = event_or_404(slug)
    form = invite_form()
    sent = " and queued the email." if form.send.data else " (draft: no email sent yet)."
    if submit(form, lambda: invite(db.session, current_actor(), event, name=form.name.data, email=form.email.data,
                                   organisation_name=form.organisation.data, job_title=form.job_title.data or "",
                                   send=form.send.data),
              success=lambda invitation: f"Invited {invitation.person.name}{sent}", field=form.email):
        return redirect(url_for(".dashboard", slug=slug), 303)
    return _dashboard(event, form, 422)


@bp.get("/import")
@organiser_only
def import_upload(slug: str):
    return render_template("invitations/import.html", event=event_or_404(slug), form=ImportUploadForm(), plan=None)


@bp.post("/import")
@organiser_only
def import_preview(slug: str):
    event = event_or_404(slug)
    return imports.preview(ImportUploadForm(), ImportConfirmForm, lambda data, form: plan_import(
        db.session, event, data, form.create_organisations.data, form.skip_invited.data), "invitations/import.html",
        event=event)


@bp.get("/import/template.csv")
@organiser_only
def import_template(slug: str):
    event_or_404(slug)
    return Response("\ufeff" + TEMPLATE, mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="invitations-template.csv"'})


@bp.post("/import/confirm")
@organiser_only
def import_confirm(slug: str):
    event = event_or_404(slug)

    def apply(plan, form) -> str:
        created = run_import(db.session, current_actor(), event, plan, send=form.send.data)
        return f"Imported {len(created)} invitations" + (" and queued their emails." if form.send.data else ".")

    return imports.confirm(ImportConfirmForm(), ImportUploadForm, lambda data, form: plan_import(
        db.session, event, data, form.create_organisations.data, form.skip_invited.data), apply,
        "invitations/import.html", url_for(".dashboard", slug=slug), event=event)


@bp.get("/export.csv")
@organiser_only
@db.writes
def export(slug: str):
    event = event_or_404(slug)
    body = export_invitations(db.session, current_actor(), event)
    db.session.commit()
    return Response(body, mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{event.slug}-invitations.csv"'})


@bp.get("/<int:invitation_id>")
@organiser_only
def detail(slug: str, invitation_id: int):
    event = event_or_404(slug)
    invitation = invitation_or_404(event, invitation_id)
    history = history_for(db.session, "invitations", invitation.id, show_people=True)
    return render_template("invitations/detail.html", event=event, invitation=invitation, history=history,
                           action_form=ActionForm(), dietary_options=DIETARY_OPTIONS, access_options=ACCESS_OPTIONS,
                           answers=invitation_answers(db.session, invitation))


ACTIONS = {
    "resend": (lambda s, a, i: send_invitation(s, a, i), "Sent a new link to {name}; the old one no longer works."),
    "revoke": (revoke_invitation, "Revoked {name}'s invitation."),
    "override": (override_quota, "{name} now has a seat beyond the quota."),
}


@bp.post("/<int:invitation_id>/<any(resend, revoke, override):action>")
@organiser_only
def act(slug: str, invitation_id: int, action: str):
    event = event_or_404(slug)
    invitation = invitation_or_404(event, invitation_id)
    service, message = ACTIONS[action]

    def work() -> str:
        service(db.session, current_actor(), invitation)
        return message.format(name=invitation.person.name)

    return perform(ActionForm(), work, url_for(".detail", slug=slug, invitation_id=invitation_id))


@bp.get("/reminders")
@organiser_only
def reminders_preview(slug: str):
    event = event_or_404(slug)
    pending = awaiting_reminder(db.session, event, utcnow())
    sample = pending[0] if pending else None
    chosen = {int(v) for v in request.args.getlist("invitation") if v.isdigit()}
    return render_template("invitations/reminders.html", event=event, pending=pending, sample=sample,
                           form=ActionForm(), link="(a personal link, new for each person)", chosen=chosen,
                           skip_days=reminder_skip_days())


@bp.post("/reminders")
@organiser_only
def reminders_send(slug: str):
    event = event_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    chosen = {int(v) for v in request.form.getlist("invitation") if v.isdigit()}
    count = send_reminders(db.session, current_actor(), event, only=chosen or None)
    db.session.commit()
    flash(f"Queued {count} reminder{'s' if count != 1 else ''}. Nobody is reminded more than once a day.", "success")
    return redirect(url_for(".dashboard", slug=slug), 303)


BULK_SERVICES = {"remind": (remind_chosen, "Reminded"), "resend": (resend_chosen, "Sent a new link for"),
                 "revoke": (revoke_chosen, "Revoked")}


@bp.post("/bulk")
@organiser_only
def bulk(slug: str):
    """Ticked rows and one action, without JavaScript: revoke and resend ask first, export answers with the CSV."""
    event = event_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    action = request.form.get("action", "")
    chosen = chosen_invitations(db.session, event, {int(v) for v in request.form.getlist("invitation")
                                                   if v.isdigit()})
    back = url_for(".dashboard", slug=slug)
    if action not in BULK_ACTIONS or not chosen:
        flash("Tick at least one person and choose what to do.", "error")
        return redirect(back, 303)
    if action == "export":
        body = export_chosen(db.session, current_actor(), event, chosen)
        db.session.commit()
        return Response(body, mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{event.slug}-invitations.csv"'})
    if action in ASK_FIRST and request.form.get("confirm") != "yes":
        return render_template("invitations/bulk_confirm.html", event=event, action=action, chosen=chosen,
                               verb=BULK_ACTIONS[action], action_form=ActionForm())
    service, verb = BULK_SERVICES[action]
    result = service(db.session, current_actor(), event, chosen)
    db.session.commit()
    flash(result.words(verb), "success")
    return redirect(back, 303)

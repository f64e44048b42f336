"""Organisers check and publish the programme, switch the public agenda on, and import sessions."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from .. import db, imports
from ..auth.permissions import current_actor, organiser_only
from ..forms import CsvConfirmForm
from ..web import event_or_404, perform
from .forms import ImportForm, PublicAgendaForm, PublishForm
from .importer import plan_sessions, run_session_import
from .queries import all_sessions
from .services import conflict_warnings, publish_agenda, set_public_agenda

bp = Blueprint("programme_publish", __name__, url_prefix="/events/<slug>/programme")


@bp.get("/conflicts")
@organiser_only
def conflicts_page(slug: str):
    event = event_or_404(slug)
    items = {s.id: s for s in all_sessions(db.session, event)}
    warnings = conflict_warnings(db.session, event, list(items.values()))
    return render_template("agenda/conflicts.html", event=event, warnings=warnings, items=items)


@bp.post("/publish")
@organiser_only
def publish(slug: str):
    event = event_or_404(slug)
    form = PublishForm()

    def work() -> str:
        version = publish_agenda(db.session, current_actor(), event, despite_conflicts=form.despite.data)
        return (f"Published version {version.number} with {len(version.changes)} change(s). People signed up to "
                "changed sessions will be emailed.")

    return perform(form, work, url_for("programme.overview", slug=slug))


@bp.post("/public")
@organiser_only
def public(slug: str):
    event = event_or_404(slug)
    form = PublicAgendaForm()
    if not form.validate_on_submit():
        abort(400)
    set_public_agenda(db.session, current_actor(), event, form.public.data)
    db.session.commit()
    flash("The public agenda is " + ("on." if form.public.data else "off."), "success")
    return redirect(url_for("programme.overview", slug=slug), 303)


@bp.get("/import")
@organiser_only
def import_upload(slug: str):
    return render_template("agenda/import.html", event=event_or_404(slug), form=ImportForm(), plan=None)


@bp.post("/import")
@organiser_only
def import_preview(slug: str):
    event = event_or_404(slug)
    return imports.preview(ImportForm(), CsvConfirmForm, lambda data, _form: plan_sessions(db.session, event, data),
                           "agenda/import.html", event=event)


@bp.post("/import/confirm")
@organiser_only
def import_confirm(slug: str):
    event = event_or_404(slug)

    def apply(plan, _form) -> str:
        return f"Imported {len(run_session_import(db.session, current_actor(), event, plan))} sessions as drafts."

    return imports.confirm(CsvConfirmForm(), ImportForm, lambda data, _form: plan_sessions(db.session, event, data),
                           apply, "agenda/import.html", url_for("programme.overview", slug=slug), event=event)

"""Home page, the event page, and the organisers' organisation management."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from .. import db
from ..auth.permissions import current_actor, current_viewer, organiser_only
from ..clock import utcnow
from ..home.steps import next_steps, rsvp_counts
from ..web import event_or_404, row_prefix, submit
from . import queries
from .forms import EventForm, OrganisationForm, QuotaForm
from .models import Organisation, OrganisationKind
from .participation import participations, set_event_quota
from .services import (
    RESCHEDULING_FIELDS,
    WALL_CLOCK_FIELDS,
    create_organisation,
    current_event,
    glance,
    update_event_as_typed,
    update_organisation,
)

bp = Blueprint("events", __name__)


@bp.get("/")
def home():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    event = current_event(db.session)
    if event is None:
        return render_template("events/empty.html")
    return _home(event)


@bp.get("/events/<slug>")
@login_required
def event_home(slug: str):
    return _home(event_or_404(slug))


def _home(event):
    viewer = current_viewer(event)
    numbers = glance(db.session, event, utcnow()) if viewer.may_see_glance else None
    return render_template("events/home.html", event=event, numbers=numbers,
                           steps=next_steps(db.session, event, viewer),
                           rsvps=rsvp_counts(db.session, event) if viewer.is_organiser else [])


@bp.get("/events/<slug>/organisations")
@organiser_only
def event_organisations(slug: str):
    return _event_organisations_page(event_or_404(slug))


def _event_organisations_page(event, failed: QuotaForm | None = None, status: int = 200):
    taking_part = {p.organisation_id: p for p in participations(db.session, event)}
    forms = {}
    for organisation in queries.organisations(db.session):
        form = failed if failed is not None and failed.organisation_id.data == str(organisation.id) else QuotaForm(
            prefix=f"o{organisation.id}", formdata=None, organisation_id=str(organisation.id),
            delegate_quota=taking_part[organisation.id].delegate_quota if organisation.id in taking_part
            else organisation.delegate_quota)
        forms[organisation] = form
    return render_template("events/event_organisations.html", event=event, forms=forms,
                           taking_part=taking_part), status


@bp.post("/events/<slug>/organisations")
@organiser_only
def event_organisation_quota(slug: str):
    event = event_or_404(slug)
    form = QuotaForm(prefix=row_prefix("organisation_id"))
    organisation = (db.session.get(Organisation, int(form.organisation_id.data))
                    if (form.organisation_id.data or "").isdigit() else None)
    if organisation is None:
        flash("Choose an organisation from the list.", "error")
        return _event_organisations_page(event, status=422)
    if submit(form, lambda: set_event_quota(db.session, current_actor(), event, organisation,
                                            form.delegate_quota.data),
              success=f"{organisation.name} has {form.delegate_quota.data} seats at {event.name}.",
              field=form.delegate_quota):
        return redirect(url_for(".event_organisations", slug=slug, _anchor=f"org-{organisation.id}"), 303)
    return _event_organisations_page(event, form, 422)


@bp.get("/admin/organisations")
@organiser_only
def organisations():
    return _organisations_page(OrganisationForm())


def _organisations_page(form: OrganisationForm, status: int = 200):
    return render_template("events/organisations.html", organisations=queries.organisations(db.session),
                           counts=queries.people_per_organisation(db.session), form=form), status


@bp.post("/admin/organisations")
@organiser_only
def organisations_create():
    form = OrganisationForm()
    if submit(form, lambda: create_organisation(
            db.session, current_actor(), name=form.name.data, kind=OrganisationKind(form.kind.data),
            delegate_quota=form.delegate_quota.data), success=lambda created: f"Added {created.name}."):
        return redirect(url_for(".organisations"), 303)
    return _organisations_page(form, 422)


@bp.get("/admin/organisations/<int:organisation_id>")
@organiser_only
def organisation_edit(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm(obj=organisation)
    form.kind.data = organisation.kind.value
    return render_template("events/organisation_edit.html", organisation=organisation, form=form)


@bp.post("/admin/organisations/<int:organisation_id>")
@organiser_only
def organisation_update(organisation_id: int):
    organisation = db.session.get(Organisation, organisation_id) or abort(404)
    form = OrganisationForm()
    if submit(form, lambda: update_organisation(
            db.session, current_actor(), organisation, name=form.name.data, kind=OrganisationKind(form.kind.data),
            delegate_quota=form.delegate_quota.data), success=lambda _: f"Saved {organisation.name}."):
        return redirect(url_for(".organisations"), 303)
    return render_template("events/organisation_edit.html", organisation=organisation, form=form), 422


@bp.get("/events/<slug>/settings")
@organiser_only
def settings(slug: str):
    event = event_or_404(slug)
    form = EventForm(obj=event)
    for name in ("starts_at", "ends_at", "rsvp_deadline"):
        form[name].data = event.local(getattr(event, name)).replace(tzinfo=None)
    return render_template("events/settings.html", event=event, form=form)


@bp.post("/events/<slug>/settings")
@organiser_only
def settings_update(slug: str):
    event = event_or_404(slug)
    form = EventForm()
    fields = ("name", "venue", "city", "timezone", "co_hosts", "contact_email", "description", *WALL_CLOCK_FIELDS)
    if submit(form, lambda: update_event_as_typed(db.session, current_actor(), event,
                                                  **{name: form[name].data or "" for name in fields}),
              success=lambda changed: "Saved." + (" Invitees have been sent the updated details for their calendars."
                                                  if set(RESCHEDULING_FIELDS) & set(changed) else ""),
              field=form.ends_at):
        return redirect(url_for(".settings", slug=slug), 303)
    return render_template("events/settings.html", event=event, form=form), 422

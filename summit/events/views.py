"""Home page, the event page, and the organisers' organisation management."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from .. import db
from ..auth.access import current_actor, organiser_only
from ..auth.models import Role
from ..clock import to_utc, utcnow, valid_timezone
from ..web import event_or_404
from .forms import EventForm, OrganisationForm
from .models import Organisation, OrganisationKind, Person
from .services import (
    EventError,
    create_organisation,
    current_event,
    glance,
    update_event,
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
    numbers = glance(db.session, event, utcnow()) if current_user.role is Role.ORGANISER else None
    return render_template("events/home.html", event=event, numbers=numbers)


@bp.get("/admin/organisations")
@organiser_only
def organisations():
    return _organisations_page(OrganisationForm())


def _organisations_page(form: OrganisationForm, status: int = 200):
    counts = dict(
        db.session.execute(select(Person.organisation_id, func.count(Person.id)).group_by(Person.organisation_id)).all()
    )
    rows = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    return render_template("events/organisations.html", organisations=rows, counts=counts, form=form), status


@bp.post("/admin/organisations")
@organiser_only
def organisations_create():
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            create_organisation(db.session, current_actor(), name=form.name.data,
                                kind=OrganisationKind(form.kind.data), delegate_quota=form.delegate_quota.data)
            db.session.commit()
            flash(f"Added {form.name.data.strip()}.", "success")
            return redirect(url_for(".organisations"), 303)
        except EventError as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
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
    if form.validate_on_submit():
        try:
            update_organisation(db.session, current_actor(), organisation, name=form.name.data,
                                kind=OrganisationKind(form.kind.data), delegate_quota=form.delegate_quota.data)
            db.session.commit()
            flash(f"Saved {organisation.name}.", "success")
            return redirect(url_for(".organisations"), 303)
        except EventError as exc:
            db.session.rollback()
            form.name.errors = [*form.name.errors, str(exc)]
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
    if form.validate_on_submit():
        zone = valid_timezone(form.timezone.data.strip())
        if zone is None:
            form.timezone.errors = [*form.timezone.errors, "Use an IANA timezone such as America/Los_Angeles."]
        else:
            local = {name: to_utc(form[name].data, zone)
                     for name in ("starts_at", "ends_at", "rsvp_deadline")}
            try:
                changed = update_event(db.session, current_actor(), event, name=form.name.data, venue=form.venue.data,
                                       city=form.city.data, timezone=form.timezone.data.strip(),
                                       co_hosts=form.co_hosts.data or "", contact_email=form.contact_email.data or "",
                                       description=form.description.data or "", **local)
                db.session.commit()
                flash("Saved." + (" Invitees have been sent the updated details for their calendars."
                                  if {"starts_at", "ends_at", "venue", "city", "timezone"} & set(changed) else ""),
                      "success")
                return redirect(url_for(".settings", slug=slug), 303)
            except EventError as exc:
                db.session.rollback()
                form.ends_at.errors = [*form.ends_at.errors, str(exc)]
    return render_template("events/settings.html", event=event, form=form), 422

"""A new event (from scratch or from an earlier one), the review of inherited commitments, the series report."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from .. import db
from ..auth.permissions import current_actor, organiser_only, staff_only
from ..clock import to_utc, valid_timezone
from ..commitments.models import CommitmentStatus
from ..events.services import EventError, events_in_order, get_event
from ..forms import options
from ..web import event_or_404, row_prefix, submit
from .forms import MeetingReviewForm, NewEventForm
from .models import ReviewOutcome
from .reporting import series_report
from .services import COPIED_EVENT_FIELDS, create_event_from, earlier_meetings, record_review, review_list

bp = Blueprint("series", __name__)

EVENT_FIELDS = ("slug", "name", "venue", "city", "timezone", "co_hosts", "contact_email", "description")
TIMES = ("starts_at", "ends_at", "rsvp_deadline")


def _new_event_form(source=None) -> NewEventForm:
    form = NewEventForm()
    form.copy_from.choices = options([("", "Nothing: start from scratch"),
                                      *((e.slug, e.name) for e in events_in_order(db.session))])
    if source is not None and request.method == "GET":
        form.copy_from.data, form.series_name.data = source.slug, source.series.name
        for name in COPIED_EVENT_FIELDS:
            form[name].data = getattr(source, name)
    return form


@bp.get("/events/new")
@organiser_only
def new_event():
    source = get_event(db.session, request.args.get("from", "")) if request.args.get("from") else None
    return render_template("series/new_event.html", form=_new_event_form(source))


def _create(form: NewEventForm):
    zone = valid_timezone((form.timezone.data or "").strip())
    if zone is None:
        raise EventError("Use an IANA timezone such as America/Los_Angeles.", field="timezone")
    source = get_event(db.session, form.copy_from.data) if form.copy_from.data else None
    fields = {name: (form[name].data or "").strip() for name in EVENT_FIELDS}
    fields.update({name: to_utc(form[name].data, zone) for name in TIMES})
    return create_event_from(db.session, current_actor(), source, series_name=form.series_name.data, **fields)


@bp.post("/events/new")
@organiser_only
def create():
    form = _new_event_form()
    done = submit(form, lambda: _create(form), success=lambda event: f"Created {event.name}.")
    if done:
        return redirect(url_for("events.event_home", slug=done.result.slug), 303)
    return render_template("series/new_event.html", form=form), 422


def _review_page(event, failed: MeetingReviewForm | None = None, status: int = 200):
    rows = review_list(db.session, event)
    forms = {}
    for row in rows:
        if failed is not None and failed.commitment_id.data == str(row.commitment.id):
            wrong = next((f for f in failed if f.errors), None)
            if wrong is not None:  # the row that failed, at the field to correct
                wrong.render_kw = {**(wrong.render_kw or {}), "autofocus": True}
            forms[row.commitment.id] = failed
            continue
        form = MeetingReviewForm(prefix=f"c{row.commitment.id}", formdata=None)
        form.commitment_id.data = str(row.commitment.id)
        form.status.data = (row.entry.status if row.entry else row.commitment.status).value
        if row.entry:
            form.outcome.data, form.note.data, form.new_due_on.data = (row.entry.outcome.value, row.entry.note,
                                                                       row.entry.new_due_on)
        if request.args.get("next") == str(row.commitment.id):
            form.status.render_kw = {"autofocus": True}  # after recording a row, the next one is ready to type into
        forms[row.commitment.id] = form
    return render_template("series/review.html", event=event, rows=rows, forms=forms,
                           earlier=earlier_meetings(db.session, event)), status


@bp.get("/events/<slug>/review")
@staff_only
def review(slug: str):
    return _review_page(event_or_404(slug))


@bp.post("/events/<slug>/review")
@staff_only
def review_record(slug: str):
    event = event_or_404(slug)
    form = MeetingReviewForm(prefix=row_prefix("commitment_id"))
    rows = {row.commitment.id: row for row in review_list(db.session, event)}
    row = rows.get(int(form.commitment_id.data)) if (form.commitment_id.data or "").isdigit() else None
    if row is None:
        flash("Choose a commitment from the list.", "error")
        return _review_page(event, status=422)
    if submit(form, lambda: record_review(
            db.session, current_actor(), event, row.commitment, status=CommitmentStatus(form.status.data),
            outcome=ReviewOutcome(form.outcome.data), note=form.note.data or "", new_due_on=form.new_due_on.data),
            success=f"Recorded {row.commitment.reference} at this meeting.", field=form.status):
        order = list(rows)
        following = order[order.index(row.commitment.id) + 1:]
        if following:  # the next row is ready to type into (autofocus, which a #fragment would switch off)
            return redirect(url_for(".review", slug=slug, next=following[0]), 303)
        return redirect(url_for(".review", slug=slug, _anchor="review-done"), 303)
    return _review_page(event, form, 422)


@bp.get("/events/<slug>/series")
def report(slug: str):
    event = event_or_404(slug)
    return render_template("series/report.html", event=event, report=series_report(db.session, event))

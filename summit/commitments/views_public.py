"""Openness: the public transparency report (HTML, CSV, JSON), due dates as calendars, the tools register."""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import db
from ..auth.access import current_actor, staff_only
from ..calendar import ics
from ..calendar.models import FeedScope
from ..calendar.services import FEED_BUILDERS, active_feed, issue_feed, organizer, site_host
from ..calendar.views import ics_response
from ..clock import today_for
from ..events.models import Event, Organisation
from ..forms import ActionForm, options
from ..web import event_or_404
from .forms import AdoptionForm, ToolForm
from .models import Commitment, CommitmentStatus, ToolStatus
from .reporting import build_report, report_csv, report_json, report_version
from .services import CommitmentError, commitments_for, is_staff, visible_to
from .tools import create_tool, record_adoption, tools_for

bp = Blueprint("report", __name__, url_prefix="/events/<slug>")
TODO_STATUS = {CommitmentStatus.DELIVERED: "COMPLETED", CommitmentStatus.VERIFIED: "COMPLETED",
               CommitmentStatus.WITHDRAWN: "CANCELLED", CommitmentStatus.IN_PROGRESS: "IN-PROCESS",
               CommitmentStatus.AT_RISK: "IN-PROCESS"}



# Rendered reports by ETag: each version of the public report is built once per worker (bounded).
_rendered: OrderedDict[str, tuple[bytes, str]] = OrderedDict()


def cached_report(event: Event, kind: str) -> Response:
    """The public report is the same for everyone: build it once per version, answer 304 when unchanged."""
    signed_in = bool(current_user.is_authenticated) and kind == "html"  # the page links titles for signed-in users
    etag = hashlib.sha256(repr((request.path, signed_in, report_version(db.session, event))).encode()).hexdigest()
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        if etag not in _rendered:
            data = build_report(db.session, event, public_only=True)
            if kind == "json":
                body, mimetype = json.dumps(report_json(data), ensure_ascii=False).encode(), "application/json"
            elif kind == "csv":
                body, mimetype = report_csv(data).encode(), "text/csv"
            else:
                body, mimetype = render_template("commitments/report.html", event=event, report=data).encode(), \
                    "text/html"
            _rendered[etag] = (body, mimetype)
            while len(_rendered) > 32:
                _rendered.popitem(last=False)
        body, mimetype = _rendered[etag]
        response = Response(body, mimetype=mimetype)
        if kind == "csv":
            response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-report.csv"'
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


@bp.get("/report")
def report(slug: str):
    return cached_report(event_or_404(slug), "html")


@bp.get("/report.<any(csv, json):kind>")
def report_data(slug: str, kind: str):
    return cached_report(event_or_404(slug), kind)


# ---- due dates as VTODOs ------------------------------------------------------------------------------------

def deadline(commitment: Commitment, event: Event) -> ics.Deadline:
    from flask import current_app

    url = f"{current_app.config['BASE_URL']}/events/{event.slug}/commitments/{commitment.reference}"
    return ics.Deadline(
        uid=f"commitment-{commitment.id}@{site_host()}", summary=f"{commitment.reference}: {commitment.title}",
        due=commitment.due_on, stamp=commitment.updated_at, last_modified=commitment.updated_at,
        status=TODO_STATUS.get(commitment.status, "NEEDS-ACTION"), percent=commitment.progress,
        description=f"{commitment.expectation.label}. Owners: {', '.join(o.name for o in commitment.organisations)}."
                    f"\n\nDetails: {url}", url=url, categories=(commitment.expectation.label,))


def commitments_calendar(event: Event, commitments: list[Commitment], name: str) -> bytes:
    items = [deadline(c, event) for c in commitments if c.due_on is not None]
    return ics.todos(ics.FeedInfo(name, organizer(event)), items)


def commitments_version(event: Event) -> tuple[object, ...]:
    from sqlalchemy import func

    return tuple(db.session.execute(select(func.count(Commitment.id), func.max(Commitment.updated_at))
                                    .where(Commitment.event_id == event.id)).one())


@bp.get("/commitments.ics")
def commitments_ics(slug: str):
    event = event_or_404(slug)
    public = [c for c in commitments_for(db.session, event) if c.visibility.value == "public"]
    return ics_response(commitments_version(event), lambda: commitments_calendar(
        event, public, f"{event.name}: commitments"), f"{event.slug}-commitments.ics")


def _scoped_commitments(db_session, feed) -> list[Commitment]:
    user = feed.user
    everything = commitments_for(db_session, feed.event)
    if is_staff(user):
        return everything
    return [c for c in everything if visible_to(c, user)]


FEED_BUILDERS[FeedScope.COMMITMENTS] = (
    lambda db_session, feed: (feed.user.role.value, feed.user.person.organisation_id,
                              *commitments_version(feed.event)),
    lambda db_session, feed: commitments_calendar(feed.event, _scoped_commitments(db_session, feed),
                                                  f"{feed.event.name}: our commitments"),
)


@bp.route("/commitments/calendar", methods=["GET", "POST"])
@login_required
def commitments_feed(slug: str):
    """A private due-date feed: the organisation's commitments (delegates) or all of them (secretariat)."""
    event = event_or_404(slug)
    if ActionForm().validate_on_submit():
        session["new_commitments_token"] = issue_feed(db.session, current_actor(), current_user, event,
                                                      FeedScope.COMMITMENTS)
        db.session.commit()
        return redirect(url_for(".commitments_feed", slug=slug), 303)
    fresh = session.pop("new_commitments_token", None)
    return render_template("commitments/feed.html", event=event, fresh=fresh, form=ActionForm(),
                           current=active_feed(db.session, current_user, event, FeedScope.COMMITMENTS))


# ---- tools register -----------------------------------------------------------------------------------------

def tool_forms(event: Event) -> tuple[ToolForm, AdoptionForm]:
    organisations = options((str(o.id), o.name) for o in db.session.scalars(select(Organisation)
                                                                            .order_by(Organisation.name)))
    tool_form, adoption_form = ToolForm(), AdoptionForm()
    tool_form.owner_organisation_id.choices = organisations
    adoption_form.organisation_id.choices = organisations
    tool_form.commitment_ids.choices = options((str(c.id), f"{c.reference} {c.title}")
                                               for c in commitments_for(db.session, event))
    return tool_form, adoption_form


@bp.get("/tools")
@staff_only
def tools(slug: str):
    event = event_or_404(slug)
    tool_form, adoption_form = tool_forms(event)
    return render_template("commitments/tools.html", event=event, tools=tools_for(db.session, event),
                           tool_form=tool_form, adoption_form=adoption_form)


@bp.post("/tools")
@staff_only
def tools_create(slug: str):
    event = event_or_404(slug)
    tool_form, adoption_form = tool_forms(event)
    if tool_form.validate_on_submit():
        try:
            create_tool(db.session, current_actor(), event, name=tool_form.name.data,
                        owner_organisation_id=tool_form.owner_organisation_id.data,
                        description=tool_form.description.data or "", licence=tool_form.licence.data or "",
                        available_on=tool_form.available_on.data, status=ToolStatus(tool_form.status.data),
                        commitment_ids=tool_form.commitment_ids.data or [])
            db.session.commit()
            flash(f"Added {tool_form.name.data} to the register.", "success")
            return redirect(url_for(".tools", slug=slug), 303)
        except CommitmentError as exc:
            db.session.rollback()
            tool_form.name.errors = [*tool_form.name.errors, str(exc)]
    return render_template("commitments/tools.html", event=event, tools=tools_for(db.session, event),
                           tool_form=tool_form, adoption_form=adoption_form), 422


@bp.post("/tools/<int:tool_id>/adoptions")
@staff_only
def tools_adopt(slug: str, tool_id: int):
    event = event_or_404(slug)
    tool = next((t for t in tools_for(db.session, event) if t.id == tool_id), None) or abort(404)
    _, form = tool_forms(event)
    try:
        if not form.validate_on_submit():
            raise CommitmentError("Choose the organisation and the date it adopted the tool.")
        record_adoption(db.session, current_actor(), tool, form.organisation_id.data, form.adopted_on.data or
                        today_for(event))
        db.session.commit()
        flash(f"Recorded an adoption of {tool.name}.", "success")
    except CommitmentError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    return redirect(url_for(".tools", slug=slug), 303)

"""Openness: the public transparency report (HTML, CSV, JSON), due dates as calendars, the tools register."""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, flash, make_response, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup

from .. import db
from ..auth.permissions import current_actor, current_viewer, staff_only
from ..cache import cached, etag_for
from ..calendar.http import ics_response
from ..calendar.models import FeedScope
from ..calendar.services import active_feed, issue_feed
from ..capabilities import shown_once
from ..clock import today_for
from ..events.models import Event
from ..events.queries import organisation_choices
from ..forms import ActionForm, options
from ..outcome.services import published
from ..web import event_or_404, submit
from .feeds import commitments_version, public_commitments_calendar
from .forms import AdoptionForm, ToolForm
from .models import ToolStatus
from .reporting import build_report, report_csv, report_json, report_version
from .services import CommitmentError, commitments_for
from .tool_requests import open_requests
from .tools import create_tool, record_adoption, tools_for

bp = Blueprint("report", __name__, url_prefix="/events/<slug>")


def report_response(event: Event, kind: str) -> Response:
    """The public report is the same for everyone: its body is built once per version (the cache), answers 304
    when unchanged, and the page around it — name, navigation, CSRF token — is rendered for each visitor."""
    link = current_viewer().signed_in and kind == "html"  # signed-in readers get titles linked to the detail page
    key = ("report", event.id, kind, link, *report_version(db.session, event))
    body = cached(key, lambda: _report_body(event, kind, link))
    if kind == "html":
        def page() -> Response:
            return Response(around(body, "commitments/report.html", event=event), mimetype="text/html")

        # A signed-in page is personal (name, navigation, CSRF token): no validator, and it is never stored.
        return page() if link else _validated(key, page)
    mimetype = "application/json" if kind == "json" else "text/csv"
    response = _validated(key, lambda: Response(body, mimetype=mimetype))
    if kind == "csv":
        response.headers["Content-Disposition"] = f'attachment; filename="{event.slug}-report.csv"'
    return response


BODY_SLOT = "\x1esummit-cached-body\x1e"  # a control character no rendered page contains


def around(body: bytes, template: str, **context: object) -> bytes:
    """The page for this visitor (layout rendered now) around a cached body, joined as bytes: a multi-megabyte body
    is neither decoded nor re-encoded per request."""
    layout = render_template(template, body=Markup(BODY_SLOT), **context)  # noqa: S704 - a constant marker
    head, tail = layout.split(BODY_SLOT)
    return head.encode() + body + tail.encode()


def _validated(key: tuple[object, ...], respond) -> Response:
    etag = etag_for(key)
    response = Response(status=304) if request.if_none_match.contains_weak(etag) else make_response(respond())
    response.set_etag(etag)
    response.headers["Cache-Control"] = "no-cache"
    return response


def _report_body(event: Event, kind: str, link: bool) -> bytes:
    data = build_report(db.session, event, public_only=True)
    if kind == "json":
        return json.dumps(report_json(data), ensure_ascii=False).encode()
    if kind == "csv":
        return report_csv(data).encode()
    return render_template("commitments/_report_body.html", event=event, report=data, link=link,
                           outcome_published=published(db.session, event) is not None).encode()


@bp.get("/report")
def report(slug: str):
    return report_response(event_or_404(slug), "html")


@bp.get("/report.<any(csv, json):kind>")
def report_data(slug: str, kind: str):
    return report_response(event_or_404(slug), kind)


@bp.get("/commitments.ics")
def commitments_ics(slug: str):
    event = event_or_404(slug)
    return ics_response(("commitments.ics", event.id, *commitments_version(db.session, event)),
                        lambda: public_commitments_calendar(db.session, event), f"{event.slug}-commitments.ics")


@bp.route("/commitments/calendar", methods=["GET", "POST"])
@login_required
def commitments_feed(slug: str):
    """A private due-date feed: the organisation's commitments (delegates) or all of them (secretariat). A new link
    is shown in the answer to the POST that made it, never put in the session cookie for the next page."""
    event = event_or_404(slug)
    if ActionForm().validate_on_submit():
        token = issue_feed(db.session, current_actor(), current_user, event, FeedScope.COMMITMENTS)
        db.session.commit()
        return shown_once(_feed_page(event, fresh=token))
    return _feed_page(event)


def _feed_page(event: Event, fresh: str | None = None) -> str:
    return render_template("commitments/feed.html", event=event, fresh=fresh, form=ActionForm(),
                           current=active_feed(db.session, current_user, event, FeedScope.COMMITMENTS))


# ---- tools register -----------------------------------------------------------------------------------------

def tool_forms(event: Event) -> tuple[ToolForm, AdoptionForm]:
    organisations = organisation_choices(db.session)
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
                           tool_form=tool_form, adoption_form=adoption_form,
                           requests=open_requests(db.session, event), action_form=ActionForm())


@bp.post("/tools")
@staff_only
def tools_create(slug: str):
    event = event_or_404(slug)
    tool_form, adoption_form = tool_forms(event)
    if submit(tool_form, lambda: create_tool(
            db.session, current_actor(), event, name=tool_form.name.data,
            owner_organisation_id=tool_form.owner_organisation_id.data, description=tool_form.description.data or "",
            licence=tool_form.licence.data or "", available_on=tool_form.available_on.data,
            status=ToolStatus(tool_form.status.data), commitment_ids=tool_form.commitment_ids.data or []),
              success=f"Added {tool_form.name.data} to the register."):
        return redirect(url_for(".tools", slug=slug), 303)
    return render_template("commitments/tools.html", event=event, tools=tools_for(db.session, event),
                           tool_form=tool_form, adoption_form=adoption_form,
                           requests=open_requests(db.session, event), action_form=ActionForm()), 422


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

"""The tools register for outsiders: a public page per tool with a request form; the owner's confirmation link;
the staff's confirmation on the tools page."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from .. import capabilities, db, throttle
from ..audit import Actor
from ..auth.permissions import current_actor, staff_only
from ..events.models import Event
from ..forms import ActionForm
from ..web import event_or_404, perform, submit
from .forms import ToolRequestForm
from .models import Tool
from .tool_requests import confirm_request, find_request, public_tool, request_in, request_tool

bp = Blueprint("tool_requests", __name__)


def tool_page(event, tool: Tool, form: ToolRequestForm, status: int = 200):
    return render_template("commitments/tool_public.html", event=event, tool=tool, form=form), status


@bp.get("/events/<slug>/tools/<int:tool_id>")
def tool(slug: str, tool_id: int):
    event = event_or_404(slug)
    found = public_tool(db.session, event, tool_id) or abort(404)
    return tool_page(event, found, ToolRequestForm(formdata=None))


@bp.post("/events/<slug>/tools/<int:tool_id>")
def request_submit(slug: str, tool_id: int):
    event = event_or_404(slug)
    found = public_tool(db.session, event, tool_id) or abort(404)
    form = ToolRequestForm()
    try:
        if submit(form, lambda: request_tool(
                db.session, event, found, name=form.name.data, organisation_name=form.organisation_name.data,
                email=form.email.data, purpose=form.purpose.data, address=request.remote_addr or "unknown"),
                  success=f"Thank you: your request has gone to {found.owner.name} and the summit secretariat."):
            return redirect(url_for(".tool", slug=slug, tool_id=tool_id), 303)
    except throttle.Throttled as exc:
        db.session.rollback()
        form.email.errors = [*form.email.errors, str(exc)]
        return tool_page(event, found, form, 429)
    return tool_page(event, found, form, 422)


def _invalid():
    return render_template("auth/link_invalid.html", title="Link not valid",
                           message="This link does not work: it has expired or the adoption is already recorded. "
                                   "Ask the summit secretariat if something is missing."), 404


@bp.get("/tools/requests/<token>")
@db.writes  # a miss counts against the address, like every capability link
def confirm_form(token: str):
    found = capabilities.lookup_here("tool-request", token, find_request)
    if found is None:
        return _invalid()
    return render_template("commitments/tool_confirm.html", item=found, form=ActionForm())


@bp.post("/tools/requests/<token>")
def confirm(token: str):
    found = capabilities.lookup_here("tool-request", token, find_request)
    if found is None:
        return _invalid()
    event = db.session.get(Event, found.tool.event_id)
    actor = Actor(f"the owner of tool #{found.tool_id}, by emailed link")
    form = ActionForm()
    if submit(form, lambda: confirm_request(db.session, actor, event, found),
              success=f"Thank you: the adoption of {found.tool.name} by {found.organisation_name} is recorded."):
        return render_template("commitments/tool_confirm.html", item=found, form=form, done=True)
    return render_template("commitments/tool_confirm.html", item=found, form=form), 422


@bp.post("/events/<slug>/tools/requests/<int:request_id>/confirm")
@staff_only
def staff_confirm(slug: str, request_id: int):
    event = event_or_404(slug)
    found = request_in(db.session, event, request_id) or abort(404)

    def work() -> str:
        confirm_request(db.session, current_actor(), event, found)
        return f"Recorded the adoption of {found.tool.name} by {found.organisation_name}."

    return perform(ActionForm(), work, url_for("report.tools", slug=slug))


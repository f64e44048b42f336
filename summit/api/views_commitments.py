"""API: the commitments the caller may see, progress updates on their organisation's, the tools register."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, url_for
from sqlalchemy.exc import IntegrityError

from .. import db
from ..commitments.models import Commitment, CommitmentStatus
from ..commitments.services import find_commitment, post_update
from ..commitments.tools import tools_for
from ..events.models import Event
from . import shapes
from .http import actor, caller, event_or_404, json_body, keyset_listing, listing, respond, viewer
from .problems import Problem
from .queries import commitments_of
from .registry import operation

bp = Blueprint("commitments", __name__)
SCOPE_READ, SCOPE_WRITE = "commitments:read", "updates:write"


def visible_commitment(event: Event, reference: str) -> Commitment:
    """The commitment if the caller may see it; any other gets the same 404 as a missing one."""
    item = find_commitment(db.session, event, reference)
    if item is None or not viewer(event).may_see_commitment(item):
        raise Problem(404)
    return item


@bp.get("/events/<slug>/commitments")
@operation(summary="Commitments you may see", tag="Commitments", schema=shapes.COMMITMENT, paginated=True,
           scope=SCOPE_READ, description="Public ones; your organisation's participants-only ones; all for staff.")
def list_commitments(slug: str):
    event = event_or_404(slug)
    return keyset_listing(commitments_of(event), Commitment.id, lambda c: shapes.commitment(c, event),
                          keep=viewer(event).may_see_commitment)


@bp.get("/events/<slug>/commitments/<reference>")
@operation(summary="One commitment", tag="Commitments", schema=shapes.COMMITMENT, scope=SCOPE_READ)
def get_commitment(slug: str, reference: str):
    event = event_or_404(slug)
    return respond(shapes.commitment(visible_commitment(event, reference), event))


@bp.post("/events/<slug>/commitments/<reference>/updates")
@operation(summary="Report progress", tag="Commitments", schema=shapes.UPDATE, scope=SCOPE_WRITE, status=201,
           body=shapes.UPDATE_BODY, description="For your own organisation's commitments. The update waits for the "
                                                "secretariat's review, as one posted on the commitment's page.")
def post_progress(slug: str, reference: str):
    event = event_or_404(slug)
    item = visible_commitment(event, reference)
    if not viewer(event).may_report_progress(item):
        raise Problem(403, "Only the owning organisations report progress on this commitment.")
    fields = update_fields(json_body())
    try:
        posted = post_update(db.session, actor(), caller(), item, **fields)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Problem(409, "The update clashed with another change; send it again.") from None
    location = url_for("api.commitments.get_commitment", slug=slug, reference=item.reference)
    return respond(shapes.update(posted, item.reference), 201, {"Location": location})


def update_fields(body: dict[str, Any]) -> dict[str, Any]:
    """The body's shape (types and bounds); the rules (who, which status, links) are the service's."""
    problems = []
    text, progress = body.get("text"), body.get("progress")
    evidence, status = body.get("evidence", []), body.get("proposed_status")
    if not isinstance(text, str) or not text.strip() or len(text) > 5000:
        problems.append({"field": "text", "detail": "Say what has happened (up to 5,000 characters)."})
    if isinstance(progress, bool) or not isinstance(progress, int) or not 0 <= progress <= 100:
        problems.append({"field": "progress", "detail": "A whole percentage from 0 to 100."})
    if (not isinstance(evidence, list) or len(evidence) > 20
            or not all(isinstance(link, str) and 0 < len(link) <= 500 for link in evidence)):
        problems.append({"field": "evidence", "detail": "A list of up to 20 web links."})
    allowed = {s.value for s in CommitmentStatus}
    if status is not None and status not in allowed:
        problems.append({"field": "proposed_status", "detail": "One of " + ", ".join(sorted(allowed)) + "."})
    if problems:
        raise Problem(422, "Check the fields named in errors.", errors=problems)
    return {"text": text, "progress": progress, "evidence": "\n".join(evidence),
            "proposed_status": CommitmentStatus(status) if status else None}


@bp.get("/events/<slug>/tools")
@operation(summary="The tools register", tag="Commitments", schema=shapes.TOOL, paginated=True, scope=SCOPE_READ,
           description="Tools pledged free to other companies, where you may see the commitments behind them.")
def list_tools(slug: str):
    event = event_or_404(slug)
    who = viewer(event)
    items = [t for t in tools_for(db.session, event) if who.may_see_tool(t)]
    return listing(items, lambda t: (t.id,), lambda t: shapes.tool(t, who))

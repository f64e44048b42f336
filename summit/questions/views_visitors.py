"""Staff: the campus visitor list for security, on screen (printable) and as CSV, for one day or all."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, render_template, request

from .. import db
from ..auth.permissions import current_actor, current_viewer, staff_only
from ..events.models import Event
from ..web import event_or_404
from .answers import event_days
from .services import questions_of
from .visitors import VisitorList, day_choices, visitor_csv, visitor_list

bp = Blueprint("visitors", __name__)


def _listing(event: Event) -> VisitorList:
    """The list as this viewer may read it, for the day in ?day= (a day of the event), else every day."""
    days = event_days(event)
    wanted = request.args.get("day") or ""
    day = next((d for d in days if d.isoformat() == wanted), None)
    if wanted and day is None:
        abort(404)
    viewer = current_viewer(event)
    readable = [q for q in questions_of(db.session, event) if viewer.may_read_answers(q)]
    return visitor_list(db.session, event, readable, day)


@bp.get("/events/<slug>/visitors")
@staff_only
def index(slug: str):
    event = event_or_404(slug)
    listing = _listing(event)
    return render_template("visitors/list.html", event=event, listing=listing,
                           days=day_choices(event_days(event)), day=listing.day)


@bp.get("/events/<slug>/visitors.csv")
@staff_only
@db.writes
def export(slug: str):
    event = event_or_404(slug)
    listing = _listing(event)
    body = visitor_csv(db.session, current_actor(), event, listing)
    db.session.commit()
    day: date | None = listing.day
    name = f"{event.slug}-visitors{'-' + day.isoformat() if day else ''}.csv"
    return Response(body, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{name}"'})

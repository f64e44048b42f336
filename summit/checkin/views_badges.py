"""Name badges for organisers: choose a layout and whose badges, then download the PDF."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request

from .. import db
from ..auth.permissions import current_actor, requires
from ..events import queries as events_queries
from ..web import event_or_404
from .badges import LAYOUTS, badges_pdf
from .doors import badges_for
from .forms import BadgeForm

bp = Blueprint("badges", __name__, url_prefix="/events/<slug>")


def _form() -> BadgeForm:
    form = BadgeForm(request.args)
    form.organisation.choices = events_queries.organisation_choices(db.session, key="id",
                                                                    blank="All accepted delegates")
    return form


@bp.get("/badges")
@requires("may_print_badges")
def choose(slug: str):
    return render_template("checkin/badges.html", event=event_or_404(slug), form=_form())


def _number(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


@bp.get("/badges.pdf")
@requires("may_print_badges")
@db.writes
def pdf(slug: str):
    event = event_or_404(slug)
    layout = request.args.get("layout", "a4-8")
    layout = layout if layout in LAYOUTS else "a4-8"
    badges = badges_for(db.session, current_actor(), event, organisation_id=_number("organisation"),
                        invitation_id=_number("invitation"))
    db.session.commit()
    body = badges_pdf(badges, layout, title=f"Badges · {event.name}")
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="badges-{event.slug}.pdf"', "Cache-Control": "no-store"})

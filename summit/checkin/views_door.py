"""Session door lists for organisers and reception: who signed up (screen, print, CSV); restricted sessions show
which organisations may enter, and people can be let in at the door."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template, url_for
from sqlalchemy import select

from .. import audit, db
from ..agenda.models import AgendaSession
from ..auth.permissions import check_in_only, current_actor
from ..forms import ActionForm
from ..invitations.models import Invitation
from ..web import event_or_404, of_event_or_404, perform
from .doors import admit_to_session
from .queries import door_csv, door_list

bp = Blueprint("doors", __name__, url_prefix="/events/<slug>/doors")


def _session(event, session_id: int) -> AgendaSession:
    return of_event_or_404(AgendaSession, session_id, event)


@bp.get("")
@check_in_only
def index(slug: str):
    event = event_or_404(slug)
    items = db.session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)
                               .order_by(AgendaSession.starts_at, AgendaSession.id)).all()
    return render_template("checkin/doors.html", event=event, items=items)


@bp.get("/<int:session_id>")
@check_in_only
def door(slug: str, session_id: int):
    event = event_or_404(slug)
    return render_template("checkin/door.html", event=event, door=door_list(db.session, _session(event, session_id)),
                           form=ActionForm())


@bp.get("/<int:session_id>.csv")
@check_in_only
@db.writes
def door_export(slug: str, session_id: int):
    event = event_or_404(slug)
    item = _session(event, session_id)
    body = door_csv(door_list(db.session, item))
    audit.record(db.session, current_actor(), "door_list.export", item)
    db.session.commit()
    return Response(body, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="door-list-session-{item.id}.csv"', "Cache-Control": "no-store"})


@bp.post("/<int:session_id>/<int:invitation_id>")
@check_in_only
def admit(slug: str, session_id: int, invitation_id: int):
    event = event_or_404(slug)
    item = _session(event, session_id)
    invitation = db.session.get(Invitation, invitation_id) or abort(404)

    def work() -> str:
        admit_to_session(db.session, current_actor(), item, invitation)
        return f"Let in: {invitation.person.name}."

    return perform(ActionForm(), work, url_for(".door", slug=slug, session_id=item.id))

"""API: events, their agenda (what the caller may see), the caller's sign-ups and RSVP."""

from __future__ import annotations

from flask import Blueprint

from .. import db
from ..agenda.queries import visible_sessions
from ..agenda.signups import my_signups
from ..events.models import Event
from ..invitations.services import invitation_for
from . import shapes
from .http import caller, event_or_404, listing, respond, viewer
from .problems import Problem
from .queries import all_events
from .registry import operation

bp = Blueprint("events", __name__)
SCOPE_AGENDA, SCOPE_RSVP = "agenda:read", "rsvp:read"


@bp.get("/events")
@operation(summary="List events", tag="Events", schema=shapes.EVENT, paginated=True)
def list_events():
    events = db.session.scalars(all_events()).all()
    return listing(events, lambda e: (e.starts_at.isoformat(), e.id), shapes.event)


@bp.get("/events/<slug>")
@operation(summary="One event", tag="Events", schema=shapes.EVENT)
def get_event(slug: str):
    return respond(shapes.event(event_or_404(slug)))


def _agenda_event(slug: str) -> Event:
    event = event_or_404(slug)
    if not viewer(event).may_see_agenda(event.public_agenda):
        raise Problem(404)
    return event


@bp.get("/events/<slug>/sessions")
@operation(summary="Agenda sessions you may see", tag="Agenda", schema=shapes.SESSION, paginated=True,
           scope=SCOPE_AGENDA, description="Published sessions; restricted ones only for their organisations; "
                                           "drafts for the organisers.")
def list_sessions(slug: str):
    event = _agenda_event(slug)
    items = visible_sessions(db.session, event, viewer(event))
    return listing(items, lambda s: (s.starts_at.isoformat(), s.id), shapes.agenda_session)


@bp.get("/events/<slug>/sessions/<int:session_id>")
@operation(summary="One agenda session", tag="Agenda", schema=shapes.SESSION, scope=SCOPE_AGENDA)
def get_session(slug: str, session_id: int):
    event = _agenda_event(slug)
    item = next((s for s in visible_sessions(db.session, event, viewer(event)) if s.id == session_id), None)
    if item is None:
        raise Problem(404)
    return respond(shapes.agenda_session(item))


@bp.get("/events/<slug>/me/signups")
@operation(summary="My sign-ups", tag="Agenda", schema=shapes.SIGNUP, paginated=True, scope=SCOPE_AGENDA,
           description="Sessions you signed up for or wait for, that you may still see.")
def my_signups_list(slug: str):
    event = _agenda_event(slug)
    who = viewer(event)
    items = [s for s in my_signups(db.session, event.id, who.person_id) if who.may_see_session(s.session)]
    return listing(items, lambda s: (s.session.starts_at.isoformat(), s.id), shapes.signup)


@bp.get("/events/<slug>/me/rsvp")
@operation(summary="My RSVP", tag="Invitations", schema=shapes.RSVP, scope=SCOPE_RSVP,
           description="Your invitation's state; 404 when you have none (staff).")
def my_rsvp(slug: str):
    event = event_or_404(slug)
    invitation = invitation_for(db.session, event, caller().person_id)
    if invitation is None:
        raise Problem(404, "You have no invitation to this event.")
    return respond(shapes.rsvp(invitation, event.slug))

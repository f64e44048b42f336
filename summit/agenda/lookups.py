"""Request-level lookups shared by the agenda's and the calendar's views: the same 404 for missing and hidden."""

from __future__ import annotations

from flask import abort

from .. import db
from ..auth.permissions import current_viewer
from ..events.models import Event
from ..web import event_or_404
from .models import AgendaSession


def event_for_viewer(slug: str) -> Event:
    """The event, if this visitor may see its agenda: signed in, or the public agenda is switched on."""
    event = event_or_404(slug)
    if not current_viewer(event).may_see_agenda(event.public_agenda):
        abort(404)
    return event


def visible_item(event: Event, session_id: int) -> AgendaSession:
    item = db.session.get(AgendaSession, session_id)
    if item is None or item.event_id != event.id or not current_viewer(event).may_see_session(item):
        abort(404)
    return item


def item_or_404(event: Event, session_id: int) -> AgendaSession:
    """Any session of this event, drafts included: for the organisers' pages."""
    item = db.session.get(AgendaSession, session_id)
    if item is None or item.event_id != event.id:
        abort(404)
    return item

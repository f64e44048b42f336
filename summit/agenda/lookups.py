"""Request-level lookups shared by the agenda's and the calendar's views: the same 404 for missing and hidden."""

from __future__ import annotations

from flask import abort, current_app

from ..auth.permissions import current_viewer
from ..events.models import Event
from ..web import event_or_404, of_event_or_404
from .models import AgendaSession


def event_for_viewer(slug: str, *, page: bool = True) -> Event:
    """The event, if this visitor may see its agenda: signed in, or the public agenda is switched on. Someone signed
    out is sent to sign in and back (the link in every calendar event leads here); a calendar download just 404s."""
    event = event_or_404(slug)
    if not current_viewer(event).may_see_agenda(event.public_agenda):
        _refuse(page)
    return event


def visible_item(event: Event, session_id: int, *, page: bool = True) -> AgendaSession:
    item = item_or_404(event, session_id)
    if not current_viewer(event).may_see_session(item):
        _refuse(page)
    return item


def _refuse(page: bool) -> None:
    """Signed out on a page: sign in first (what is behind it is decided after). Otherwise the same 404 as missing."""
    if page and not current_viewer().signed_in:
        abort(current_app.login_manager.unauthorized())
    abort(404)


def item_or_404(event: Event, session_id: int) -> AgendaSession:
    """Any session of this event, drafts included: for the organisers' pages."""
    return of_event_or_404(AgendaSession, session_id, event)

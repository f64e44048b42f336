"""The per-event feed version: one integer on the event row that rises in the same transaction as any change a
calendar feed shows (a session, a room's or track's name, the event itself). A feed's ETag then needs one indexed
lookup instead of an aggregate over the event's sessions."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event as sa_event
from sqlalchemy import update
from sqlalchemy.orm import Session

from ..agenda.models import AgendaSession, Room, Track
from ..clock import utcnow
from ..events.models import Event

SHOWN_IN_FEEDS = (AgendaSession, Room, Track)


def _changed_events(session: Session) -> set[int]:
    ids: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Event):
            if obj.id is not None:
                ids.add(obj.id)
        elif isinstance(obj, SHOWN_IN_FEEDS):
            event_id = obj.event_id if obj.event_id is not None else getattr(obj.event, "id", None)
            if event_id is not None:
                ids.add(event_id)
    return ids


def _bump_feed_versions(session: Session, _context: Any, _instances: Any) -> None:
    ids = _changed_events(session)
    if ids:
        # A plain statement on the flush's own connection: part of the same transaction, and it leaves the Event
        # objects clean (their feed_version is read afresh by the next request).
        session.connection().execute(update(Event.__table__).where(Event.__table__.c.id.in_(sorted(ids)))
                                     .values(feed_version=Event.__table__.c.feed_version + 1,
                                             feed_changed_at=utcnow()))


def listen() -> None:
    """Bump feed versions on every ORM flush, in any session (the app's, the CLI's, a worker's, a test's)."""
    if not sa_event.contains(Session, "before_flush", _bump_feed_versions):
        sa_event.listen(Session, "before_flush", _bump_feed_versions)

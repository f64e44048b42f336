"""The API's own reads: the rows a list pages through. What a caller may see is still asked of the Viewer."""

from __future__ import annotations

from sqlalchemy import Select, select

from ..commitments.models import Commitment
from ..events.models import Event


def all_events() -> Select:
    return select(Event)


def commitments_of(event: Event) -> Select:
    """Every commitment of the event: the lists ask the permission model about each (as commitments_visible_to)."""
    return select(Commitment).where(Commitment.event_id == event.id)

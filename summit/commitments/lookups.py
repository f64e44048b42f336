"""Request-level lookups shared by the commitments views."""

from __future__ import annotations

from flask import abort

from .. import db
from ..auth.permissions import current_viewer
from ..events.models import Event
from .models import Commitment
from .services import find_commitment


def commitment_or_404(event: Event, reference: str) -> Commitment:
    """The commitment if this user may see it; any other gets the same 404 as a missing one."""
    commitment = find_commitment(db.session, event, reference)
    if commitment is None or not current_viewer(event).may_see_commitment(commitment):
        abort(404)
    return commitment

"""Ready for the report: commitments captured in the room stay off the public report until the secretariat checks
them and marks them ready."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..events.models import Event
from .models import Commitment
from .services import CommitmentError


def mark_ready(session: Session, actor: Actor, commitment: Commitment) -> None:
    """The secretariat has checked a captured commitment: from now on it is on the report (if public)."""
    if commitment.ready:
        raise CommitmentError(f"{commitment.reference} is already ready for the report.")
    commitment.ready, commitment.updated_at = True, utcnow()  # updated_at: the report's and feeds' version moves
    audit.record(session, actor, "commitment.ready", commitment, {"ready": False}, {"ready": True})


def waiting_for_report(session: Session, event: Event) -> list[Commitment]:
    """Captured commitments the secretariat has not yet marked ready for the report."""
    return list(session.scalars(select(Commitment).where(Commitment.event_id == event.id, Commitment.ready.is_(False))
                                .order_by(Commitment.reference)))

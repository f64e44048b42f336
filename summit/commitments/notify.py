"""The emails commitments send to the owning company (through the outbox, in the transaction of the change)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..events.models import Event, Person
from ..mail.services import queue_mail
from .models import Commitment, ProgressUpdate

OUTCOMES = {"accepted": "accepted", "returned": "returned with a comment", "verified": "verified"}


def notify_owner(session: Session, event: Event, commitment: Commitment, outcome: str,
                 update: ProgressUpdate | None = None) -> None:
    """Tell the company's contact (else the update's author) that their update was accepted or returned, or that
    the commitment was verified."""
    person: Person | None = commitment.contact_person or (update.author.person if update is not None else None)
    if person is None:
        return
    queue_mail(session, to_name=person.name, to_address=person.email,
               subject=f"{commitment.reference} {OUTCOMES[outcome]}: {commitment.title}",
               template="commitment_reviewed", kind=f"commitment-{outcome}",
               context={"event": event, "person": person, "commitment": commitment, "outcome": outcome,
                        "update": update})

"""Chasing: remind the contact person before a due date and when overdue, at most once a day per commitment."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from ..clock import today_for
from ..events.models import Event
from ..mail.services import queue_mail
from .models import Commitment
from .rules import CLOSED, reminder_due


def send_commitment_reminders(session: Session, event: Event, days_before: int, now: datetime | None = None) -> int:
    """Queue today's reminders; safe to run every hour (a conditional update claims each one once a day)."""
    today = today_for(event, now)
    candidates = session.scalars(select(Commitment).where(
        Commitment.event_id == event.id, Commitment.contact_person_id.is_not(None), Commitment.due_on.is_not(None),
        Commitment.status.not_in(list(CLOSED)))).all()
    sent = 0
    for commitment in candidates:
        why = reminder_due(commitment.status, commitment.due_on, today, days_before, commitment.last_reminded_on)
        if why is None:
            continue
        claimed = session.execute(
            update(Commitment).where(Commitment.id == commitment.id,
                                     or_(Commitment.last_reminded_on.is_(None), Commitment.last_reminded_on != today))
            .values(last_reminded_on=today).execution_options(synchronize_session=False)).rowcount
        if not claimed:
            continue
        person = commitment.contact_person
        subject = (f"Overdue: {commitment.reference} {commitment.title}" if why == "overdue"
                   else f"Due {commitment.due_on:%-d %B %Y}: {commitment.reference} {commitment.title}")
        queue_mail(session, to_name=person.name, to_address=person.email, subject=subject,
                   template="commitment_reminder", kind="commitment-reminder",
                   context={"event": event, "person": person, "commitment": commitment, "why": why,
                            "today": today})
        sent += 1
    return sent

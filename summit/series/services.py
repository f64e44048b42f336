"""A new event from an earlier one, and the review of a series' open commitments at a later meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..agenda.models import Room, Track
from ..agenda.services import create_room, create_track
from ..audit import Actor
from ..commitments.models import Commitment, CommitmentStatus
from ..commitments.rules import CLOSED
from ..commitments.services import CommitmentError, move_status
from ..errors import RuleBroken
from ..events.models import Event
from ..events.participation import join_event, participations
from ..events.services import create_event, find_or_create_series
from ..questions.letters import copy_letter_settings
from ..questions.services import copy_questions
from .models import CommitmentReview, ReviewOutcome

COPIED_EVENT_FIELDS = ("venue", "city", "timezone", "co_hosts", "contact_email", "description")


class ReviewError(RuleBroken):
    """A rule about reviewing commitments at a later meeting was broken."""


def create_event_from(session: Session, actor: Actor, source: Event | None, *, series_name: str,
                      **fields: Any) -> Event:
    """A new event in the named series; from `source`, its rooms, tracks and the organisations taking part with
    their seats, its RSVP questions and letter settings come too (never anyone's invitation, answers or sign-ups)."""
    series = find_or_create_series(session, actor, series_name)
    event = create_event(session, actor, series=series, **fields)
    if source is not None:
        for room in session.scalars(select(Room).where(Room.event_id == source.id).order_by(Room.id)):
            create_room(session, actor, event, name=room.name, capacity=room.capacity, notes=room.notes)
        for track in session.scalars(select(Track).where(Track.event_id == source.id).order_by(Track.id)):
            create_track(session, actor, event, name=track.name, colour=track.colour)
        for joined in participations(session, source):
            join_event(session, actor, event, joined.organisation, joined.delegate_quota)
        session.flush()
        copy_questions(session, actor, source, event)
        copy_letter_settings(session, actor, source, event)
        audit.record(session, actor, "event.copy", event, after={"source_event_id": source.id})
    return event


def earlier_meetings(session: Session, event: Event) -> list[Event]:
    """The meetings of the event's series that started before it, oldest first."""
    return list(session.scalars(select(Event).where(Event.series_id == event.series_id,
                                                    Event.starts_at < event.starts_at, Event.id != event.id)
                                .order_by(Event.starts_at, Event.id)))


@dataclass
class ReviewRow:
    commitment: Commitment
    made_at: Event
    due_on: date | None  # the latest due date (the original stays on commitment.due_on)
    entry: CommitmentReview | None  # what this meeting recorded, latest first


def _entries(session: Session, commitment_ids: list[int]) -> list[CommitmentReview]:
    if not commitment_ids:
        return []
    return list(session.scalars(select(CommitmentReview).where(CommitmentReview.commitment_id.in_(commitment_ids))
                                .order_by(CommitmentReview.at, CommitmentReview.id)))


def review_list(session: Session, event: Event) -> list[ReviewRow]:
    """Every commitment of an earlier meeting of the series that is still open at this one (those reviewed here
    stay on the list, with what was recorded)."""
    meetings = {m.id: m for m in earlier_meetings(session, event)}
    if not meetings:
        return []
    commitments = list(session.scalars(select(Commitment).where(Commitment.event_id.in_(meetings))
                                       .order_by(Commitment.event_id, Commitment.reference)))
    entries = _entries(session, [c.id for c in commitments])
    rows = []
    for commitment in commitments:
        mine = [e for e in entries if e.commitment_id == commitment.id]
        before = [e for e in mine if e.event_id in meetings]
        here = [e for e in mine if e.event_id == event.id]
        if any(e.outcome is ReviewOutcome.CLOSED for e in before):
            continue
        if commitment.status in CLOSED and not here and commitment.status is not CommitmentStatus.DELIVERED:
            continue
        due = next((e.new_due_on for e in reversed(before + here) if e.new_due_on), commitment.due_on)
        rows.append(ReviewRow(commitment, meetings[commitment.event_id], due, here[-1] if here else None))
    return rows


def record_review(session: Session, actor: Actor, event: Event, commitment: Commitment, *,
                  status: CommitmentStatus, outcome: ReviewOutcome, note: str = "",
                  new_due_on: date | None = None) -> CommitmentReview:
    """What this meeting says about a commitment of an earlier one: its status (applied to the commitment, by the
    usual transitions), a note, and whether it is carried forward, closed or overdue with a new due date."""
    if commitment.id not in {row.commitment.id for row in review_list(session, event)}:
        raise ReviewError("Only open commitments of earlier meetings of this series are reviewed here.")
    if outcome is ReviewOutcome.OVERDUE and new_due_on is None:
        raise ReviewError("Give the new due date of an overdue commitment.", field="new_due_on")
    if outcome is not ReviewOutcome.OVERDUE and new_due_on is not None:
        raise ReviewError("Only an overdue commitment gets a new due date.", field="new_due_on")
    if new_due_on is not None and new_due_on < event.local(event.starts_at).date():
        raise ReviewError("The new due date must be after this meeting starts.", field="new_due_on")
    previous = commitment.status
    if status is not previous:
        try:
            move_status(commitment, status, secretariat=True)
        except CommitmentError as exc:
            raise ReviewError(str(exc), field="status") from None
        audit.record(session, actor, "commitment.update", commitment, {"status": previous}, {"status": status})
    entry = CommitmentReview(commitment_id=commitment.id, event_id=event.id, status=status, previous_status=previous,
                             outcome=outcome, note=note.strip(), new_due_on=new_due_on, actor_id=actor.user_id)
    session.add(entry)
    session.flush()
    audit.record(session, actor, "commitment_review.create", entry, after={
        "commitment_id": commitment.id, "event_id": event.id, "status": status, "previous_status": previous,
        "outcome": outcome, "new_due_on": new_due_on, "note_length": len(entry.note)})
    return entry

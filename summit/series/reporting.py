"""The public report of a series: each public commitment's status at each meeting, and what moved forward."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..commitments.models import Commitment, CommitmentStatus, CommitmentVisibility
from ..events.models import Event
from .models import CommitmentReview, ReviewOutcome

S = CommitmentStatus
# How far along a status is; withdrawn is no progress at all.
PROGRESS_RANK = {S.WITHDRAWN: -1, S.PROPOSED: 0, S.AGREED: 1, S.AT_RISK: 2, S.IN_PROGRESS: 3, S.DELIVERED: 4,
                 S.VERIFIED: 5}


def moved_forward(before: CommitmentStatus, after: CommitmentStatus) -> bool:
    return PROGRESS_RANK[after] > PROGRESS_RANK[before]


@dataclass
class Step:
    """One meeting in a commitment's timeline."""
    meeting: Event
    made_here: bool = False
    status: CommitmentStatus | None = None  # recorded at this meeting's review (None: not reviewed there)
    outcome: ReviewOutcome | None = None
    new_due_on: object = None
    forward: bool = False


@dataclass
class Timeline:
    commitment: Commitment
    steps: list[Step]


@dataclass
class SeriesReport:
    meetings: list[Event]
    timelines: list[Timeline]
    forward_by_organisation: list[tuple[str, int, int]] = field(default_factory=list)  # name, moved, reviewed


def series_report(session: Session, event: Event) -> SeriesReport:
    """The series the event belongs to, every meeting, every public commitment (four queries)."""
    meetings = list(session.scalars(select(Event).where(Event.series_id == event.series_id)
                                    .order_by(Event.starts_at, Event.id)))
    commitments = list(session.scalars(
        select(Commitment).where(Commitment.event_id.in_([m.id for m in meetings]),
                                 Commitment.visibility == CommitmentVisibility.PUBLIC)
        .order_by(Commitment.event_id, Commitment.reference)))
    entries = list(session.scalars(select(CommitmentReview).where(
        CommitmentReview.commitment_id.in_([c.id for c in commitments])).order_by(CommitmentReview.at,
                                                                                  CommitmentReview.id)))
    order = {m.id: n for n, m in enumerate(meetings)}
    moved, reviewed = Counter(), Counter()
    timelines = []
    for commitment in commitments:
        steps = []
        for meeting in meetings:
            if order[meeting.id] < order[commitment.event_id]:
                continue
            here = [e for e in entries if e.commitment_id == commitment.id and e.event_id == meeting.id]
            step = Step(meeting, made_here=meeting.id == commitment.event_id)
            if here:
                step.status, step.outcome, step.new_due_on = here[-1].status, here[-1].outcome, here[-1].new_due_on
                step.forward = moved_forward(here[0].previous_status, here[-1].status)
                name = commitment.lead_organisation.name
                reviewed[name] += 1
                moved[name] += step.forward
            steps.append(step)
        timelines.append(Timeline(commitment, steps))
    by_org = sorted(((name, moved[name], reviewed[name]) for name in reviewed), key=lambda r: r[0].lower())
    return SeriesReport(meetings, timelines, by_org)

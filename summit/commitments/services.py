"""Recording and following commitments: create, edit, change status, verify, milestones, progress updates."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, contains_eager, joinedload, object_session

from .. import audit
from ..agenda.models import AgendaSession
from ..audit import Actor
from ..auth.models import User
from ..auth.permissions import Viewer, viewer_for
from ..clock import today_for, utcnow
from ..errors import RuleBroken
from ..events.models import Event, Organisation
from .models import (
    Commitment,
    CommitmentStatus,
    CommitmentVisibility,
    Currency,
    Expectation,
    Milestone,
    PledgeKind,
    ProgressUpdate,
    Rag,
    UpdateState,
)
from .notify import notify_owner
from .rules import evidence_problem, is_overdue, pledge_problem, transition_problem


class CommitmentError(RuleBroken):
    """A rule about commitments was broken; the message says what to do."""


@dataclass
class CommitmentFields:
    title: str
    expectation: Expectation
    lead_organisation_id: int
    organisation_ids: list[int] = field(default_factory=list)  # the owners; the lead is always one of them
    description: str = ""
    contact_person_id: int | None = None
    session_id: int | None = None
    agreed_on: date | None = None
    due_on: date | None = None
    visibility: CommitmentVisibility = CommitmentVisibility.PUBLIC
    status: CommitmentStatus = CommitmentStatus.AGREED
    progress: int = 0
    rag: Rag = Rag.GREEN
    rag_reason: str = ""
    pledge_amount: Decimal | None = None  # money pledged, in pledge_currency; never converted
    pledge_currency: Currency | None = None
    pledge_kind: PledgeKind | None = None
    ready: bool = True  # quick capture and a note's action start not ready: public once the secretariat says so


def overdue(commitment: Commitment, event: Event, now: datetime | None = None) -> bool:
    return is_overdue(commitment.status, commitment.due_on, today_for(event, now))


def snapshot(commitment: Commitment) -> dict[str, Any]:
    """What the history shows, before and after each change."""
    return {
        "title": commitment.title, "expectation": commitment.expectation, "status": commitment.status,
        "progress": commitment.progress, "rag": commitment.rag, "rag_reason": commitment.rag_reason,
        "due_on": commitment.due_on, "agreed_on": commitment.agreed_on, "visibility": commitment.visibility,
        "lead_organisation_id": commitment.lead_organisation_id, "contact_person_id": commitment.contact_person_id,
        "session_id": commitment.session_id, "organisations": sorted(o.id for o in commitment.organisations),
        "description": commitment.description,
        "pledge": (f"{commitment.pledge_amount} {commitment.pledge_currency} {commitment.pledge_kind}"
                   if commitment.pledge_amount is not None else None),
    }


def next_reference(session: Session, event: Event) -> str:
    """C-001, C-002, ...: the caller holds the event's lock, so two captures never take the same number."""
    references = session.scalars(select(Commitment.reference).where(Commitment.event_id == event.id)).all()
    numbers = [int(r[2:]) for r in references if r.startswith("C-") and r[2:].isdigit()]
    return f"C-{max(numbers, default=0) + 1:03d}"


def lock_event(session: Session, event: Event) -> None:
    session.execute(select(Event.id).where(Event.id == event.id).with_for_update())


def _apply(session: Session, commitment: Commitment, fields: CommitmentFields) -> None:
    if not fields.title.strip():
        raise CommitmentError("A commitment needs a title.")
    if not 0 <= fields.progress <= 100:
        raise CommitmentError("Progress is a percentage from 0 to 100.")
    if fields.rag in (Rag.RED, Rag.AMBER) and not fields.rag_reason.strip():
        raise CommitmentError("Say why the rating is red or amber.")
    if fields.agreed_on and fields.due_on and fields.due_on < fields.agreed_on:
        raise CommitmentError("The due date cannot be before the date it was agreed.")
    if problem := pledge_problem(fields.pledge_amount, fields.pledge_currency, fields.pledge_kind):
        raise CommitmentError(*problem)
    owner_ids = {fields.lead_organisation_id, *fields.organisation_ids}
    owners = list(session.scalars(select(Organisation).where(Organisation.id.in_(owner_ids))))
    if len(owners) != len(owner_ids):
        raise CommitmentError("Choose owning organisations that exist.")
    if fields.session_id is not None:
        agreed_at = session.get(AgendaSession, fields.session_id)
        if agreed_at is None or agreed_at.event_id != commitment.event_id:
            raise CommitmentError("Choose a session of this event, or none.", field="session_id")
    commitment.title, commitment.expectation = fields.title.strip(), fields.expectation
    commitment.description, commitment.lead_organisation_id = fields.description.strip(), fields.lead_organisation_id
    commitment.organisations = owners
    commitment.contact_person_id, commitment.session_id = fields.contact_person_id, fields.session_id
    commitment.agreed_on, commitment.due_on, commitment.visibility = fields.agreed_on, fields.due_on, fields.visibility
    commitment.progress, commitment.rag, commitment.rag_reason = fields.progress, fields.rag, fields.rag_reason.strip()
    commitment.pledge_amount, commitment.pledge_currency = fields.pledge_amount, fields.pledge_currency
    commitment.pledge_kind = fields.pledge_kind
    commitment.updated_at = utcnow()


def create_commitment(session: Session, actor: Actor, event: Event, fields: CommitmentFields,
                      reference: str | None = None) -> Commitment:
    if fields.status is CommitmentStatus.VERIFIED:
        raise CommitmentError("A new commitment cannot start verified: verify it with its evidence.")
    lock_event(session, event)
    commitment = Commitment(event_id=event.id, reference=reference or next_reference(session, event),
                            status=fields.status, ready=fields.ready)
    with session.no_autoflush:
        _apply(session, commitment, fields)
    if fields.status is CommitmentStatus.DELIVERED:
        commitment.delivered_on = today_for(event)
    session.add(commitment)
    audit.record(session, actor, "commitment.create", commitment, after={"reference": commitment.reference,
                                                                          "ready": commitment.ready,
                                                                          **snapshot(commitment)})
    return commitment


def update_commitment(session: Session, actor: Actor, commitment: Commitment, fields: CommitmentFields,
                      *, secretariat: bool = True) -> bool:
    """Edit a commitment (the secretariat); a change of status follows the allowed transitions.
    Returns whether anything changed (nothing is recorded when nothing did)."""
    before = snapshot(commitment)
    stamp = commitment.updated_at
    with session.no_autoflush:
        _apply(session, commitment, fields)
    if fields.status is not commitment.status:
        _move(commitment, fields.status, secretariat=secretariat)
    old, new = audit.changes(before, snapshot(commitment))
    if not new:
        commitment.updated_at = stamp
        return False
    audit.record(session, actor, "commitment.update", commitment, old, new)
    return True


def _move(commitment: Commitment, status: CommitmentStatus, *, secretariat: bool) -> None:
    if status is CommitmentStatus.VERIFIED:
        raise CommitmentError("Verify a commitment with its evidence, on its page.")
    if problem := transition_problem(commitment.status, status, secretariat=secretariat):
        raise CommitmentError(problem)
    commitment.status = status
    if status is CommitmentStatus.DELIVERED and commitment.delivered_on is None:
        commitment.delivered_on = today_for(session_event(commitment))
    if status in (CommitmentStatus.IN_PROGRESS, CommitmentStatus.AT_RISK):
        commitment.delivered_on = None
        commitment.verified_at, commitment.verified_by_id, commitment.verification_evidence = None, None, ""
    commitment.updated_at = utcnow()


def session_event(commitment: Commitment) -> Event:
    return object_session(commitment).get(Event, commitment.event_id)


def verify(session: Session, actor: Actor, user: User, commitment: Commitment, evidence: str) -> None:
    """Only the secretariat verifies, on stated evidence, recording who and when."""
    if not viewer_for(user).may_verify:
        raise CommitmentError("Only the secretariat verifies a commitment.")
    if not evidence.strip():
        raise CommitmentError("Say what evidence the verification rests on.")
    if problem := transition_problem(commitment.status, CommitmentStatus.VERIFIED, secretariat=True):
        raise CommitmentError(problem)
    before = snapshot(commitment) | {"verification_evidence": commitment.verification_evidence}
    commitment.status, commitment.progress = CommitmentStatus.VERIFIED, 100
    commitment.verified_by_id, commitment.verified_at = user.id, utcnow()
    commitment.verification_evidence, commitment.updated_at = evidence.strip(), utcnow()
    after = snapshot(commitment) | {"verification_evidence": commitment.verification_evidence,
                                    "verified_by": user.person.name}
    audit.record(session, actor, "commitment.verify", commitment, *audit.changes(before, after))
    notify_owner(session, session_event(commitment), commitment, "verified")


def add_milestone(session: Session, actor: Actor, commitment: Commitment, title: str, due_on: date | None) -> Milestone:
    if not title.strip():
        raise CommitmentError("A milestone needs a title.")
    milestone = Milestone(title=title.strip(), due_on=due_on)
    commitment.milestones.append(milestone)
    commitment.updated_at = utcnow()
    session.flush()
    audit.record(session, actor, "commitment.milestone_add", commitment,
                 after={"milestone": milestone.title, "due_on": due_on})
    return milestone


def complete_milestone(session: Session, actor: Actor, milestone: Milestone, done_on: date) -> None:
    before = {"milestone": milestone.title, "done_on": milestone.done_on}
    milestone.done_on = done_on
    milestone.commitment.updated_at = utcnow()
    audit.record(session, actor, "commitment.milestone_done", milestone.commitment, before,
                 {"milestone": milestone.title, "done_on": done_on})


# Audit entries about updates not (yet) accepted: for the owners and staff only, like the updates themselves.
UNREVIEWED_UPDATE_ACTIONS = ("commitment.update_posted", "commitment.update_returned")


def post_update(session: Session, actor: Actor, user: User, commitment: Commitment, *, text: str, progress: int,
                evidence: str, proposed_status: CommitmentStatus | None) -> ProgressUpdate:
    """A delegate of an owning organisation reports progress; the secretariat reviews it."""
    if not viewer_for(user, session_event(commitment), session).may_report_progress(commitment):
        raise CommitmentError("Only the owning organisations report progress on this commitment.")
    if proposed_status is CommitmentStatus.VERIFIED:
        raise CommitmentError("Only the secretariat verifies; propose delivered instead.", field="proposed_status")
    if proposed_status and (problem := transition_problem(commitment.status, proposed_status, secretariat=False)):
        raise CommitmentError(problem)
    if not 0 <= progress <= 100:
        raise CommitmentError("Progress is a percentage from 0 to 100.", field="progress")
    links = [line.strip() for line in evidence.splitlines() if line.strip()]
    if problem := evidence_problem(links):
        raise CommitmentError(problem, field="evidence")
    update = ProgressUpdate(commitment_id=commitment.id, author_id=user.id, text=text.strip(), progress=progress,
                            evidence="\n".join(links), proposed_status=proposed_status)
    session.add(update)
    session.flush()
    audit.record(session, actor, "commitment.update_posted", commitment,
                 after={"update_id": update.id, "progress": progress, "proposed_status": proposed_status,
                        "evidence": links})
    return update


def review_update(session: Session, actor: Actor, update: ProgressUpdate, *, accept: bool, comment: str) -> None:
    """The secretariat accepts an update (its progress and status then apply) or returns it with a comment."""
    if update.state is not UpdateState.PENDING:
        raise CommitmentError("This update has already been reviewed.")
    if not accept and not comment.strip():
        raise CommitmentError("Say why the update is returned, so the organisation can act on it.")
    commitment = update.commitment
    before = snapshot(commitment)
    if accept:
        commitment.progress = update.progress
        if update.proposed_status and update.proposed_status is not commitment.status:
            _move(commitment, update.proposed_status, secretariat=True)
        commitment.updated_at = utcnow()
    update.state = UpdateState.ACCEPTED if accept else UpdateState.RETURNED
    update.review_comment, update.reviewed_at = comment.strip(), utcnow()
    update.reviewed_by_id = actor.user_id
    if accept:
        audit.record(session, actor, "commitment.update_accepted", commitment,
                     *audit.changes(before, snapshot(commitment)))
    else:
        audit.record(session, actor, "commitment.update_returned", commitment,
                     after={"update_id": update.id, "comment": update.review_comment})
    notify_owner(session, session_event(commitment), commitment, "accepted" if accept else "returned", update)


def commitments_for(session: Session, event: Event, organisation_id: int | None = None) -> list[Commitment]:
    query = select(Commitment).where(Commitment.event_id == event.id).order_by(Commitment.reference)
    if organisation_id is not None:
        query = query.join(Commitment.organisations).where(Organisation.id == organisation_id)
    return list(session.scalars(query).unique())


def commitments_visible_to(session: Session, event: Event, viewer: Viewer, *, own: bool = False) -> list[Commitment]:
    """The commitments this viewer may see; with `own`, only their organisation's (staff: all of them)."""
    organisation_id = viewer.organisation_id if own and not viewer.is_staff else None
    if own and organisation_id is None and not viewer.is_staff:
        return []
    return [c for c in commitments_for(session, event, organisation_id) if viewer.may_see_commitment(c)]


def pending_updates(session: Session, event: Event) -> list[ProgressUpdate]:
    """The review queue: updates waiting for the secretariat, with their commitments and authors."""
    return list(session.scalars(
        select(ProgressUpdate).join(ProgressUpdate.commitment)
        .options(contains_eager(ProgressUpdate.commitment), joinedload(ProgressUpdate.author))
        .where(Commitment.event_id == event.id, ProgressUpdate.state == UpdateState.PENDING)))


def updates_for(session: Session, commitment: Commitment, *, accepted_only: bool = False) -> list[ProgressUpdate]:
    """A commitment's progress updates, newest first; `accepted_only` for readers who may not see unreviewed ones."""
    query = select(ProgressUpdate).where(ProgressUpdate.commitment_id == commitment.id)
    if accepted_only:
        query = query.where(ProgressUpdate.state == UpdateState.ACCEPTED)
    return list(session.scalars(query.order_by(ProgressUpdate.posted_at.desc())))


def agreed_in(session: Session, commitment: Commitment, viewer: Viewer) -> AgendaSession | None:
    """The session where the commitment was agreed, if this viewer may see that session."""
    item = session.get(AgendaSession, commitment.session_id) if commitment.session_id else None
    return item if item is not None and viewer.may_see_session(item) else None


def captured_in(session: Session, event: Event, session_id: int, limit: int = 20) -> list[Commitment]:
    """The latest commitments recorded in one session of the event: the running list beside quick capture."""
    return list(session.scalars(select(Commitment).where(Commitment.event_id == event.id,
                                                         Commitment.session_id == session_id)
                                .order_by(Commitment.id.desc()).limit(limit)))


def find_commitment(session: Session, event: Event, reference: str) -> Commitment | None:
    return session.scalar(select(Commitment).where(Commitment.event_id == event.id,
                                                   func.upper(Commitment.reference) == reference.upper()))

move_status = _move  # a status change by the usual transitions, for other features (the series review)

"""Demo commitments at every status, with milestones, an accepted update, a verification and the tools register."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from summit.agenda.models import AgendaSession
from summit.audit import Actor
from summit.auth.services import find_user_by_email
from summit.commitments.models import (
    Commitment,
    CommitmentStatus,
    CommitmentVisibility,
    Currency,
    Expectation,
    PledgeKind,
    Rag,
    ToolStatus,
)
from summit.commitments.services import (
    CommitmentFields,
    add_milestone,
    complete_milestone,
    create_commitment,
    post_update,
    review_update,
    verify,
)
from summit.commitments.tools import create_tool, record_adoption
from summit.events.models import Event
from summit.events.services import find_organisation, find_person
from summit.notes.models import NoteKind, NoteVisibility
from summit.notes.services import add_note

from .loader import SEED_ACTOR, read


def seed_commitments(session: Session, event: Event, config: Mapping[str, Any], today: date) -> str:
    if session.scalar(select(Commitment.id).where(Commitment.event_id == event.id).limit(1)) is not None:
        return "0 commitments"
    data = read("commitments.json")
    made = [_commitment(session, event, row, today) for row in data["commitments"]]
    for row in data["tools"]:
        tool = create_tool(session, SEED_ACTOR, event, name=row["name"],
                           owner_organisation_id=find_organisation(session, row["owner"]).id,
                           description=row["description"], licence=row["licence"],
                           available_on=today + timedelta(days=row["available_in_days"]),
                           status=ToolStatus(row["status"]),
                           commitment_ids=[made[i - 1].id for i in row["commitments"]])
        session.flush()
        for adoption in row.get("adoptions", []):
            record_adoption(session, SEED_ACTOR, tool, find_organisation(session, adoption["organisation"]).id,
                            today - timedelta(days=adoption["days_ago"]))
    notes = _notes(session, event, data.get("notes", []))
    return f"{len(made)} commitments, {notes} notes"


def _notes(session: Session, event: Event, rows: list[dict[str, Any]]) -> int:
    """Notes the secretariat kept in the room (Chatham House: no names)."""
    secretariat = find_user_by_email(session, "secretariat@homeoffice.example")
    for row in rows:
        item = session.scalar(select(AgendaSession).where(AgendaSession.event_id == event.id,
                                                          AgendaSession.title == row["session"]))
        add_note(session, Actor.of(secretariat), secretariat, item, kind=NoteKind(row["kind"]),
                 visibility=NoteVisibility(row["visibility"]), text=row["text"])
    return len(rows)


def _commitment(session: Session, event: Event, row: dict[str, Any], today: date) -> Commitment:
    agreed_session = session.scalar(select(AgendaSession).where(AgendaSession.event_id == event.id,
                                                                AgendaSession.title == row.get("session")))
    status = CommitmentStatus(row["status"])
    fields = CommitmentFields(
        title=row["title"], expectation=Expectation(row["expectation"]),
        lead_organisation_id=find_organisation(session, row["lead"]).id,
        organisation_ids=[find_organisation(session, name).id for name in row["owners"]],
        contact_person_id=find_person(session, row["contact"]).id, session_id=agreed_session.id if agreed_session
        else None, due_on=today + timedelta(days=row["due_in_days"]),
        visibility=CommitmentVisibility(row["visibility"]),
        status=CommitmentStatus.DELIVERED if status is CommitmentStatus.VERIFIED else status,
        progress=row["progress"], rag=Rag(row["rag"]), rag_reason=row.get("rag_reason", ""))
    if pledge := row.get("pledge"):  # money as a decimal string, never a float
        fields.pledge_amount, fields.pledge_currency = Decimal(pledge["amount"]), Currency(pledge["currency"])
        fields.pledge_kind = PledgeKind(pledge["kind"])
    commitment = create_commitment(session, SEED_ACTOR, event, fields)
    session.flush()
    for milestone in row.get("milestones", []):
        made = add_milestone(session, SEED_ACTOR, commitment, milestone["title"],
                             today + timedelta(days=milestone["due_in_days"]))
        if milestone.get("done"):
            complete_milestone(session, SEED_ACTOR, made, today)
    if "update" in row:
        author = find_user_by_email(session, row["update"]["author"])
        update = post_update(session, Actor.of(author), author, commitment, text=row["update"]["text"],
                             progress=row["update"]["progress"], evidence=row["update"]["evidence"],
                             proposed_status=None)
        review_update(session, SEED_ACTOR, update, accept=True, comment="Thank you.")
    if status is CommitmentStatus.VERIFIED:
        secretariat = find_user_by_email(session, "secretariat@homeoffice.example")
        verify(session, Actor.of(secretariat), secretariat, commitment, row["verify"])
    return commitment

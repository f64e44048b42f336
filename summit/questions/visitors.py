"""The campus visitor list: accepted delegates with the answers security asks for, for one day or all."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..csvio import write_csv
from ..events.models import Event, Person
from ..invitations.models import Invitation, InvitationStatus
from .answers import answers_of, day_label
from .models import Question, QuestionAnswer, QuestionKind


@dataclass
class Visitor:
    invitation: Invitation
    name: str  # as on the photo ID when given (and readable), else as registered
    answers: dict[int, QuestionAnswer] = field(default_factory=dict)
    days_given: bool = False


@dataclass
class VisitorList:
    columns: list[Question]
    visitors: list[Visitor]
    day: date | None


def visitor_list(session: Session, event: Event, readable: list[Question], day: date | None = None) -> VisitorList:
    """Accepted delegates, by name; with `day`, those who said they will be on site that day (or said nothing).
    Only `readable` questions (the reader's) give columns; the name as on ID is the first column's value."""
    invitations = list(session.scalars(
        select(Invitation).join(Invitation.person)
        .where(Invitation.event_id == event.id, Invitation.status == InvitationStatus.ACCEPTED)
        .order_by(func.lower(Person.name))))
    days_question = session.scalar(select(Question).where(Question.event_id == event.id,
                                                          Question.kind == QuestionKind.DAYS).limit(1))
    wanted = [q for q in readable if q.for_security or q.name_on_id]
    lookup = wanted + ([days_question] if days_question is not None else [])
    answers = answers_of(session, [i.id for i in invitations], lookup)
    visitors = []
    for invitation in invitations:
        mine = answers.get(invitation.id, {})
        days = mine.get(days_question.id) if days_question is not None else None
        if day is not None and days is not None and day.isoformat() not in days.value:
            continue
        named = next((mine[q.id].text for q in wanted if q.name_on_id and q.id in mine), None)
        visitors.append(Visitor(invitation, named or invitation.person.name,
                                {q.id: mine[q.id] for q in wanted if q.id in mine}, days is not None))
    return VisitorList([q for q in wanted if q.for_security and not q.name_on_id], visitors, day)


def visitor_csv(session: Session, actor: Actor, event: Event, listing: VisitorList) -> str:
    """The list for campus security, formula-injection safe; who took it is audited (ids only)."""
    audit.record(session, actor, "visitors.export", event,
                 after={"day": listing.day, "question_ids": [q.id for q in listing.columns],
                        "rows": len(listing.visitors)})
    header = ["name (as on ID)", "registered name", "organisation", *(q.label for q in listing.columns)]
    rows = [[v.name, v.invitation.person.name, v.invitation.organisation.name,
             *(v.answers[q.id].text if q.id in v.answers else "" for q in listing.columns)]
            for v in listing.visitors]
    return write_csv(header, rows)


def day_choices(days: list[date]) -> list[tuple[str, str]]:
    return [("", "Every day")] + [(d.isoformat(), day_label(d)) for d in days]

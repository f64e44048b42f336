"""Answers to the organisers' questions: checked and stored with the RSVP, read by those allowed, purged."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..events.models import Event
from ..invitations.models import Invitation
from .countries import countries, country_name
from .models import Question, QuestionAnswer, QuestionKind
from .services import QuestionError, questions_of


def event_days(event: Event) -> list[date]:
    """Each calendar day of the event, in its timezone."""
    first, last = event.local(event.starts_at).date(), event.local(event.ends_at).date()
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def day_label(day: date) -> str:
    return day.strftime("%a %-d %b %Y")


def questions_for(session: Session, invitation: Invitation) -> list[Question]:
    """The questions this invitee is asked (some only of certain kinds of organisation), in order."""
    return [q for q in questions_of(session, invitation.event) if q.asked_of(invitation)]


def empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def answer_text(question: Question, value: Any, event: Event) -> str:
    """The value as a person reads it; raises QuestionError when it is not a valid answer to the question."""
    wrong = QuestionError("Choose one of the options given.", field=question.field_name)
    kind = question.kind
    if kind in (QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT):
        limit = 300 if kind is QuestionKind.SHORT_TEXT else 2000
        if not isinstance(value, str) or len(value) > limit:
            raise QuestionError(f"Answer in at most {limit} characters.", field=question.field_name)
        return value
    if kind is QuestionKind.ONE_CHOICE:
        if value not in question.options:
            raise wrong
        return value
    if kind is QuestionKind.SEVERAL_CHOICES:
        if not isinstance(value, list) or set(value) - set(question.options):
            raise wrong
        return "; ".join(o for o in question.options if o in value)
    if kind is QuestionKind.YES_NO:
        if not isinstance(value, bool):
            raise wrong
        return "Yes" if value else "No"
    if kind is QuestionKind.DATE:
        try:
            return date.fromisoformat(value).isoformat()
        except (TypeError, ValueError):
            raise QuestionError("Give a date such as 2026-11-17.", field=question.field_name) from None
    if kind is QuestionKind.COUNTRY:
        if value not in countries():
            raise wrong
        return country_name(value)
    days = {d.isoformat(): d for d in event_days(event)}
    if not isinstance(value, list) or set(value) - days.keys():
        raise QuestionError("Choose days of the event.", field=question.field_name)
    return "; ".join(day_label(days[d]) for d in sorted(value))


def record_answers(session: Session, actor: Actor, invitation: Invitation, values: Mapping[int, Any],
                   accepting: bool) -> None:
    """Store the invitee's answers (in the RSVP's transaction). A required question must be answered to accept.
    The audit log names the questions whose answers changed, never the answers."""
    existing = {a.question_id: a for a in session.scalars(
        select(QuestionAnswer).where(QuestionAnswer.invitation_id == invitation.id))}
    changed = []
    for question in questions_for(session, invitation):
        value = values.get(question.id)
        if isinstance(value, str):
            value = value.strip()
        if empty(value):
            if question.required and accepting:
                raise QuestionError("Answer this question to accept.", field=question.field_name)
            if question.id in existing:
                session.delete(existing[question.id])
                changed.append(question.id)
            continue
        text = answer_text(question, value, invitation.event)
        answer = existing.get(question.id)
        if answer is not None and answer.value == value and answer.question_version == question.version:
            continue
        if answer is None:
            answer = QuestionAnswer(question_id=question.id, invitation_id=invitation.id)
            session.add(answer)
        answer.value, answer.text, answer.label = value, text, question.label
        answer.question_version, answer.answered_at = question.version, utcnow()
        changed.append(question.id)
    if changed:
        audit.record(session, actor, "invitation.questions_answered", invitation, after={"question_ids": changed})


def stored_values(session: Session, invitation: Invitation) -> dict[int, Any]:
    """The invitee's answers as form values: their own, for their own RSVP form."""
    rows = session.execute(select(QuestionAnswer.question_id, QuestionAnswer.value)
                           .where(QuestionAnswer.invitation_id == invitation.id))
    return {question_id: value for question_id, value in rows}


def answers_of(session: Session, invitation_ids: list[int],
               readable: list[Question]) -> dict[int, dict[int, QuestionAnswer]]:
    """invitation id -> question id -> answer, only for the questions the reader may read."""
    ids = [q.id for q in readable]
    result: dict[int, dict[int, QuestionAnswer]] = {}
    if not ids or not invitation_ids:
        return result
    for answer in session.scalars(select(QuestionAnswer).where(QuestionAnswer.question_id.in_(ids),
                                                               QuestionAnswer.invitation_id.in_(invitation_ids))):
        result.setdefault(answer.invitation_id, {})[answer.question_id] = answer
    return result


def name_on_id(session: Session, invitation: Invitation) -> str | None:
    """The name as on the photo ID, when the event asks for it and the person gave it."""
    return session.scalar(select(QuestionAnswer.text).join(Question, QuestionAnswer.question_id == Question.id)
                          .where(QuestionAnswer.invitation_id == invitation.id, Question.name_on_id.is_(True)))


def purge_answers(session: Session, now: datetime | None = None) -> int:
    """Answers to each question whose keeping period after its event has run out (the privacy purge calls this)."""
    now = now or utcnow()
    rows = session.execute(select(Question.id, Question.purge_days, Event.ends_at)
                           .join(Event, Question.event_id == Event.id)).all()
    due = [qid for qid, days, ends_at in rows if ends_at + timedelta(days=days) < now]
    if not due:
        return 0
    result = session.execute(delete(QuestionAnswer).where(QuestionAnswer.question_id.in_(due))
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


def erase_answers(session: Session, invitation_ids: list[int]) -> int:
    """Every answer of these invitations (erasing a person)."""
    if not invitation_ids:
        return 0
    result = session.execute(delete(QuestionAnswer).where(QuestionAnswer.invitation_id.in_(invitation_ids))
                             .execution_options(synchronize_session=False))
    return result.rowcount or 0


def invitation_answers(session: Session, invitation: Invitation) -> list[QuestionAnswer]:
    """Every answer of one invitee, in the form's order (for the organisers' invitation page)."""
    return list(session.scalars(select(QuestionAnswer).join(Question, QuestionAnswer.question_id == Question.id)
                                .where(QuestionAnswer.invitation_id == invitation.id)
                                .order_by(Question.position, Question.id)))

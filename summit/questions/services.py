"""Organisers' questions: add, change (old answers stay readable), reorder, delete; audited by ids only."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..errors import RuleBroken
from ..events.models import Event, OrganisationKind
from .models import Question, QuestionAnswer, QuestionKind, Readers


class QuestionError(RuleBroken):
    """A rule about questions or their answers was broken; the message says what to do."""


@dataclass
class QuestionFields:
    kind: QuestionKind
    label: str
    help_text: str = ""
    options: list[str] = field(default_factory=list)
    required: bool = False
    organisation_kinds: list[str] = field(default_factory=list)
    readers: Readers = Readers.ORGANISERS
    purge_days: int = 30
    name_on_id: bool = False
    for_security: bool = False


def questions_of(session: Session, event: Event) -> list[Question]:
    return list(session.scalars(select(Question).where(Question.event_id == event.id)
                                .order_by(Question.position, Question.id)))


def answer_count(session: Session, question: Question) -> int:
    return session.scalar(select(func.count(QuestionAnswer.id)).where(QuestionAnswer.question_id == question.id)) or 0


def _checked(fields: QuestionFields) -> QuestionFields:
    label = fields.label.strip()
    if not label:
        raise QuestionError("A question needs a wording.", field="label")
    options = list(dict.fromkeys(o.strip() for o in fields.options if o.strip()))
    if fields.kind.has_options and len(options) < 2:
        raise QuestionError("Give at least two options, one per line.", field="options")
    unknown = set(fields.organisation_kinds) - {k.value for k in OrganisationKind}
    if unknown:
        raise QuestionError(f"Unknown organisation kind: {', '.join(sorted(unknown))}.", field="organisation_kinds")
    if fields.name_on_id and fields.kind is not QuestionKind.SHORT_TEXT:
        raise QuestionError("Only a short-text question can hold the name as on the photo ID.", field="name_on_id")
    if not 0 <= fields.purge_days <= 3650:
        raise QuestionError("Keep answers between 0 and 3650 days after the event.", field="purge_days")
    return QuestionFields(**{**asdict(fields), "label": label, "help_text": fields.help_text.strip(),
                             "options": options if fields.kind.has_options else [],
                             "organisation_kinds": sorted(set(fields.organisation_kinds))})


def _only_one_name_on_id(session: Session, event: Event, fields: QuestionFields, question_id: int | None) -> None:
    if fields.name_on_id:
        for other in questions_of(session, event):
            if other.name_on_id and other.id != question_id:
                raise QuestionError(f"“{other.label}” already holds the name as on ID.", field="name_on_id")


def _record_fields(question: Question) -> dict[str, Any]:
    """What the audit log keeps: the settings, never anyone's answers."""
    return {"kind": question.kind, "label": question.label, "options": list(question.options),
            "required": question.required, "organisation_kinds": list(question.organisation_kinds),
            "readers": question.readers, "purge_days": question.purge_days, "position": question.position,
            "name_on_id": question.name_on_id, "for_security": question.for_security, "version": question.version}


def add_question(session: Session, actor: Actor, event: Event, fields: QuestionFields) -> Question:
    """A new question at the end of the form."""
    fields = _checked(fields)
    _only_one_name_on_id(session, event, fields, None)
    last = session.scalar(select(func.max(Question.position)).where(Question.event_id == event.id))
    question = Question(event_id=event.id, position=(last or 0) + 1, **asdict(fields))
    session.add(question)
    audit.record(session, actor, "question.add", question, after=_record_fields(question))
    return question


def change_question(session: Session, actor: Actor, question: Question, fields: QuestionFields) -> None:
    """New wording or settings; answers already given keep the wording they answered (the version rises)."""
    fields = _checked(fields)
    _only_one_name_on_id(session, question_event(session, question), fields, question.id)
    if fields.kind is not question.kind and answer_count(session, question):
        raise QuestionError("People have answered this question already: its type cannot change. "
                            "Add a new question instead.", field="kind")
    before = _record_fields(question)
    if (fields.label, fields.options, fields.kind) != (question.label, list(question.options), question.kind):
        question.version += 1
    for key, value in asdict(fields).items():
        setattr(question, key, value)
    question.updated_at = utcnow()
    audit.record(session, actor, "question.change", question, *audit.changes(before, _record_fields(question)))


def question_event(session: Session, question: Question) -> Event:
    return session.get(Event, question.event_id)


def move_question(session: Session, actor: Actor, question: Question, direction: str) -> None:
    """Swap with the question above ('up') or below ('down'); at either end nothing moves."""
    ordered = questions_of(session, question_event(session, question))
    for position, item in enumerate(ordered, start=1):
        item.position = position  # close any gaps first
    index = ordered.index(question)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(ordered):
        return
    ordered[index].position, ordered[other].position = ordered[other].position, ordered[index].position
    audit.record(session, actor, "question.move", question, after={"position": question.position})


def delete_question(session: Session, actor: Actor, question: Question) -> int:
    """The question goes, and every answer to it; returns how many answers went."""
    count = answer_count(session, question)
    session.execute(delete(QuestionAnswer).where(QuestionAnswer.question_id == question.id)
                    .execution_options(synchronize_session=False))
    audit.record(session, actor, "question.delete", question, before=_record_fields(question),
                 after={"answers_deleted": count})
    session.delete(question)
    return count


def copy_questions(session: Session, actor: Actor, source: Event, target: Event) -> list[Question]:
    """The source event's questions, in order and with their settings, asked again at the target (no answers)."""
    return [add_question(session, actor, target, QuestionFields(
        kind=q.kind, label=q.label, help_text=q.help_text, options=list(q.options), required=q.required,
        organisation_kinds=list(q.organisation_kinds), readers=q.readers, purge_days=q.purge_days,
        name_on_id=q.name_on_id, for_security=q.for_security)) for q in questions_of(session, source)]

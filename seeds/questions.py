"""Demo RSVP questions, a few answers (days and dates relative to the event) and the letter settings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy.orm import Session

from summit.events.models import Event
from summit.events.services import find_person
from summit.invitations.services import invitation_for
from summit.questions.answers import event_days, record_answers
from summit.questions.letters import save_letter_settings
from summit.questions.models import LetterSettings, QuestionKind, Readers
from summit.questions.services import QuestionFields, add_question, questions_of

from .loader import SEED_ACTOR, read


def seed_questions(session: Session, event: Event, config: Mapping[str, Any], today: date) -> str:
    data = read("questions.json")
    if questions_of(session, event):
        return "0 questions"
    questions = {}
    for row in data["questions"]:
        fields = {**row, "kind": QuestionKind(row["kind"]), "readers": Readers(row.get("readers", "organisers"))}
        questions[row["label"]] = add_question(session, SEED_ACTOR, event, QuestionFields(**fields))
    session.flush()
    days = event_days(event)
    for email, answers in data["answers"].items():
        person = find_person(session, email)
        invitation = person and invitation_for(session, event, person.id)
        if invitation is None:
            continue
        values = {questions[label].id: _value(questions[label].kind, value, days) for label, value in answers.items()}
        record_answers(session, SEED_ACTOR, invitation, values, accepting=True)
    if session.get(LetterSettings, event.id) is None:
        save_letter_settings(session, SEED_ACTOR, event, **data["letters"])
    return f"{len(questions)} questions"


def _value(kind: QuestionKind, value: Any, days: list[date]) -> Any:
    """Days of the event by number, dates by days before the event: the demo stays true whenever it loads."""
    if kind is QuestionKind.DAYS:
        return [days[n].isoformat() for n in value]
    if kind is QuestionKind.DATE:
        return (days[0] + timedelta(days=value)).isoformat()
    return value

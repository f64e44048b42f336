"""Questions organisers add to the RSVP form, the answers (with the question as it was asked), and letters."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..invitations.models import Invitation


class QuestionKind(enum.StrEnum):
    SHORT_TEXT = "short_text"
    LONG_TEXT = "long_text"
    ONE_CHOICE = "one_choice"
    SEVERAL_CHOICES = "several_choices"
    YES_NO = "yes_no"
    DATE = "date"
    COUNTRY = "country"
    DAYS = "days"  # which days of the event the person will be on site: the visitor list filters by it

    @property
    def label(self) -> str:
        return KIND_LABELS[self]

    @property
    def has_options(self) -> bool:
        return self in (QuestionKind.ONE_CHOICE, QuestionKind.SEVERAL_CHOICES)


KIND_LABELS = {
    QuestionKind.SHORT_TEXT: "Short text", QuestionKind.LONG_TEXT: "Long text",
    QuestionKind.ONE_CHOICE: "One choice", QuestionKind.SEVERAL_CHOICES: "Several choices",
    QuestionKind.YES_NO: "Yes or no", QuestionKind.DATE: "Date", QuestionKind.COUNTRY: "Country",
    QuestionKind.DAYS: "Days on site (the event's days)",
}


class Readers(enum.StrEnum):
    ORGANISERS = "organisers"
    STAFF = "staff"  # organisers and the secretariat

    @property
    def label(self) -> str:
        return {"organisers": "Organisers only", "staff": "Organisers and the secretariat"}[self.value]


class Question(Base):
    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    kind: Mapped[QuestionKind] = mapped_column(str_enum(QuestionKind, "question_kind"))
    label: Mapped[str] = mapped_column(String(300))
    help_text: Mapped[str] = mapped_column(String(500), default="")
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    required: Mapped[bool] = mapped_column(default=False)  # required of those who accept
    organisation_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # empty: asked of everyone
    readers: Mapped[Readers] = mapped_column(str_enum(Readers, "question_readers"), default=Readers.ORGANISERS)
    purge_days: Mapped[int] = mapped_column(default=30)  # answers go this many days after the event ends
    position: Mapped[int] = mapped_column(default=0)
    name_on_id: Mapped[bool] = mapped_column(default=False)  # the answer is the name printed on letters
    for_security: Mapped[bool] = mapped_column(default=False)  # a column of the campus visitor list
    version: Mapped[int] = mapped_column(default=1)  # rises when the wording or options change
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (CheckConstraint("purge_days >= 0", name="purge_days_not_negative"),)

    @property
    def field_name(self) -> str:
        return f"q_{self.id}"

    def asked_of(self, invitation: Invitation) -> bool:
        return not self.organisation_kinds or invitation.organisation.kind.value in self.organisation_kinds


class QuestionAnswer(Base):
    """One person's answer, with the question's wording and the answer's text as they were when answered, so a
    later change to the question leaves it readable."""

    __tablename__ = "question_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"))
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"))
    value: Mapped[Any] = mapped_column(JSON)  # text, a list of options or days, true/false, an ISO date, a code
    text: Mapped[str] = mapped_column(Text)  # the answer as people read it
    label: Mapped[str] = mapped_column(String(300))  # the question as it was asked
    question_version: Mapped[int] = mapped_column(default=1)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    question: Mapped[Question] = relationship()

    __table_args__ = (UniqueConstraint("question_id", "invitation_id", name="uq_question_answers_question"),)


class LetterSettings(Base):
    __tablename__ = "letter_settings"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), primary_key=True)
    letterhead: Mapped[str] = mapped_column(Text, default="")
    purpose: Mapped[str] = mapped_column(Text, default="")
    signer_name: Mapped[str] = mapped_column(String(200), default="")
    signer_title: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Letter(Base):
    """An invitation letter's reference number, kept so that the organisers can say whether a letter is ours."""

    __tablename__ = "letters"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), unique=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    invitation: Mapped[Invitation] = relationship()

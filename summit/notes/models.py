"""Notes the secretariat keeps during a session, under the Chatham House Rule: what was said, never who said it."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum


class NoteKind(enum.StrEnum):
    DISCUSSION = "discussion"
    DECISION = "decision"
    ACTION = "action"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class NoteVisibility(enum.StrEnum):
    SECRETARIAT = "secretariat"
    PARTICIPANTS = "participants"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return {"secretariat": "Secretariat only", "participants": "Participants of the session",
                "public": "Public"}[self.value]


class SessionNote(Base):
    __tablename__ = "session_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    kind: Mapped[NoteKind] = mapped_column(str_enum(NoteKind, "note_kind"))
    visibility: Mapped[NoteVisibility] = mapped_column(str_enum(NoteVisibility, "note_visibility"),
                                                       default=NoteVisibility.SECRETARIAT)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    commitment_id: Mapped[int | None] = mapped_column(ForeignKey("commitments.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (Index("ix_session_notes_session_id_created_at", "session_id", "created_at"),)

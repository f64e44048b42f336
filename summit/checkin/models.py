"""Check-in: each invitation's check-in code (only its keyed hash), arrivals at the event and at restricted sessions."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..db import Base, UTCDateTime
from ..invitations.models import Invitation


class CheckInCode(Base):
    """An invitation's personal check-in code. The code is derived from SECRET_KEY and the invitation id (so it can
    be shown again and printed on badges); only its keyed hash is kept, to find the invitation a scanned code names."""

    __tablename__ = "check_in_codes"

    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CheckIn(Base):
    """A delegate's arrival at the event: one per invitation (the unique constraint settles a race between two
    reception phones); undoing it deletes the row, and the audit log keeps both steps."""

    __tablename__ = "check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id"), unique=True)
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    walk_in: Mapped[bool] = mapped_column(default=False)

    invitation: Mapped[Invitation] = relationship()
    by: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (Index("ix_check_ins_event_id_checked_in_at", "event_id", "checked_in_at"),)


class SessionCheckIn(Base):
    """A delegate let in at the door of a restricted session: one per person per session."""

    __tablename__ = "session_check_ins"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    checked_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    checked_in_by: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_session_check_ins_session_person"),)

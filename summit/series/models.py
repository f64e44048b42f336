"""What a later meeting of a series said about a commitment made at an earlier one."""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..commitments.models import Commitment, CommitmentStatus
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Event


class ReviewOutcome(enum.StrEnum):
    CARRIED_FORWARD = "carried_forward"  # still open: the next meeting reviews it again
    CLOSED = "closed"  # done with: later meetings no longer inherit it
    OVERDUE = "overdue"  # late: a new due date, the original one kept

    @property
    def label(self) -> str:
        return {"carried_forward": "Carry forward", "closed": "Close", "overdue": "Overdue: new date"}[self.value]


class CommitmentReview(Base):
    """One commitment as reviewed at one meeting: its status there, a note, what happens next."""

    __tablename__ = "commitment_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    status: Mapped[CommitmentStatus] = mapped_column(str_enum(CommitmentStatus, "review_status"))
    previous_status: Mapped[CommitmentStatus] = mapped_column(str_enum(CommitmentStatus, "review_previous_status"))
    outcome: Mapped[ReviewOutcome] = mapped_column(str_enum(ReviewOutcome, "review_outcome"))
    note: Mapped[str] = mapped_column(Text, default="")
    new_due_on: Mapped[date | None]
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    commitment: Mapped[Commitment] = relationship()
    event: Mapped[Event] = relationship()
    actor: Mapped[User | None] = relationship()

    __table_args__ = (Index("ix_commitment_reviews_commitment_event", "commitment_id", "event_id"),)

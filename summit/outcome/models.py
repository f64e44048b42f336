"""The outcome statement: drafted in versions by the secretariat, published at /events/<slug>/outcome."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..db import Base, UTCDateTime

DEFAULT_NO_COMMITMENT = "No commitment yet"


class OutcomeStatement(Base):
    """One per event: which version is published, since when, and the report's wording for the silent."""

    __tablename__ = "outcome_statements"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), unique=True)
    published_version_id: Mapped[int | None] = mapped_column(ForeignKey("outcome_versions.id"))
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    no_commitment_wording: Mapped[str] = mapped_column(String(200), default=DEFAULT_NO_COMMITMENT)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    published_version: Mapped["OutcomeVersion | None"] = relationship(foreign_keys=[published_version_id])


class OutcomeVersion(Base):
    __tablename__ = "outcome_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("event_id", "number", name="uq_outcome_versions_event_number"),)

"""Capability links for calendar subscriptions: long random tokens, stored hashed, revocable."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Event


class FeedScope(enum.StrEnum):
    MY_AGENDA = "my_agenda"
    COMMITMENTS = "commitments"


class FeedToken(Base):
    __tablename__ = "feed_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    scope: Mapped[FeedScope] = mapped_column(str_enum(FeedScope, "feed_scope"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    event: Mapped[Event] = relationship()

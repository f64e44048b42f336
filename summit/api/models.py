"""Personal access tokens for the JSON API: named, scoped, expiring, revocable; only a hash of the secret is kept."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..db import Base, UTCDateTime


class Scope(enum.StrEnum):
    """What a token may do. The staff scopes are offered (and honoured) only while the owner is staff."""

    AGENDA_READ = "agenda:read"
    RSVP_READ = "rsvp:read"
    COMMITMENTS_READ = "commitments:read"
    UPDATES_WRITE = "updates:write"
    INVITATIONS_READ = "invitations:read"
    COMMITMENTS_ADMIN = "commitments:admin"

    @property
    def label(self) -> str:
        return {
            "agenda:read": "Read the agenda and your sign-ups",
            "rsvp:read": "Read your RSVP",
            "commitments:read": "Read the commitments you can see, and the tools register",
            "updates:write": "Post progress updates on your organisation's commitments",
            "invitations:read": "Read every invitation and its state (organisers)",
            "commitments:admin": "Read commitments with every field (staff)",
        }[self.value]


class ApiToken(Base):
    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(100))
    scopes: Mapped[list[str]] = mapped_column(JSON, default=list)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_api_tokens_user_id_revoked_at", "user_id", "revoked_at"),)

    def live(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

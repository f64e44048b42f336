"""People who can sign in, their roles, their sign-in sessions and one-time sign-in links."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Person


class Role(enum.StrEnum):
    ORGANISER = "organiser"
    SECRETARIAT = "secretariat"
    DELEGATE = "delegate"
    RECEPTION = "reception"  # checks delegates in at the desk, and nothing else

    @property
    def label(self) -> str:
        return self.value.capitalize()


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "role"))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    person: Mapped[Person] = relationship(lazy="joined")

    # Flask-Login's protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str:
        return str(self.id)

    @property
    def email(self) -> str:
        return self.person.email

    @property
    def organisation_id(self) -> int | None:
        return self.person.organisation_id


class SessionEnd(enum.StrEnum):
    """Why a sign-in session ended."""

    SIGN_OUT = "sign_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 - a reason, not a password
    ROLE_CHANGED = "role_changed"
    DEACTIVATED = "deactivated"
    REVOKED = "revoked"
    IDLE = "idle"
    EXPIRED = "expired"


class UserSession(Base):
    """One sign-in: the cookie holds a secret naming this row; only the secret's SHA-256 is stored."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the absolute lifetime, whatever the use
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[SessionEnd | None] = mapped_column(str_enum(SessionEnd, "session_end"))
    user_agent: Mapped[str] = mapped_column(String(120), default="")
    ip_address: Mapped[str] = mapped_column(String(45), default="")

    __table_args__ = (Index("ix_user_sessions_user_id_ended_at", "user_id", "ended_at"),)


class LinkEnd(enum.StrEnum):
    USED = "used"
    REPLACED = "replaced"


class SignInLink(Base):
    """A one-time sign-in link sent by email: single use, short-lived, replaced by a newer one; stored hashed."""

    __tablename__ = "sign_in_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[LinkEnd | None] = mapped_column(str_enum(LinkEnd, "link_end"))
    requested_from: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()


class PasswordPurpose(enum.StrEnum):
    RESET = "reset"  # "Forgot password?" on the sign-in page
    WELCOME = "welcome"  # a new account sets its first password


class PasswordLink(Base):
    """A one-time link to set a password, sent by email: single use, replaced by a newer one; stored hashed."""

    __tablename__ = "password_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    purpose: Mapped[PasswordPurpose] = mapped_column(str_enum(PasswordPurpose, "password_purpose"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[LinkEnd | None] = mapped_column(str_enum(LinkEnd, "link_end"))
    requested_from: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()


class TwoFactor(Base):
    """An account's authenticator app (TOTP). The secret is not stored: it is derived from SECRET_KEY and this
    random nonce, so a database dump alone does not give it away. Pending until a first code confirms it."""

    __tablename__ = "two_factor"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), unique=True)
    nonce: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_step: Mapped[int] = mapped_column(default=0)  # the 30-second step of the last code used: none is used twice


class RecoveryCode(Base):
    """A one-time recovery code for two-factor sign-in, stored as a keyed hash (HMAC with a key from SECRET_KEY)."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

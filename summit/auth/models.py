"""People who can sign in, and their roles."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Person


class Role(enum.StrEnum):
    ORGANISER = "organiser"
    SECRETARIAT = "secretariat"
    DELEGATE = "delegate"

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

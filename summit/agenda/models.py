"""The programme: rooms, tracks, sessions with speakers, sign-ups, and published versions."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Event, Organisation, Person


class SessionKind(enum.StrEnum):
    KEYNOTE = "keynote"
    PANEL = "panel"
    WORKSHOP = "workshop"
    HACKATHON = "hackathon_sprint"
    BREAK = "break"
    SOCIAL = "social"

    @property
    def label(self) -> str:
        return {"hackathon_sprint": "Hackathon sprint"}.get(self.value, self.value.capitalize())


class Visibility(enum.StrEnum):
    PUBLIC = "public"
    DELEGATES = "delegates"
    RESTRICTED = "restricted"

    @property
    def label(self) -> str:
        return {"public": "Public", "delegates": "All delegates", "restricted": "Chosen organisations only"}[self.value]


class SessionStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CANCELLED = "cancelled"


class SpeakerRole(enum.StrEnum):
    SPEAKER = "speaker"
    MODERATOR = "moderator"


class SignUpStatus(enum.StrEnum):
    SIGNED_UP = "signed_up"
    WAITLISTED = "waitlisted"


class Room(Base):
    __tablename__ = "rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    name: Mapped[str] = mapped_column(String(120))
    capacity: Mapped[int]
    notes: Mapped[str] = mapped_column(String(300), default="")

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_rooms_event_name"),
                      CheckConstraint("capacity > 0", name="capacity_positive"))


class Track(Base):
    __tablename__ = "tracks"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    name: Mapped[str] = mapped_column(String(120))
    colour: Mapped[str] = mapped_column(String(7), default="#0b4f8a")

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_tracks_event_name"),)


session_organisations = Table(
    "session_organisations",
    Base.metadata,
    Column("session_id", ForeignKey("agenda_sessions.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class SessionSpeaker(Base):
    __tablename__ = "session_speakers"

    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"), primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    role: Mapped[SpeakerRole] = mapped_column(str_enum(SpeakerRole, "speaker_role"), default=SpeakerRole.SPEAKER)

    person: Mapped[Person] = relationship(lazy="joined")


class AgendaSession(Base):
    __tablename__ = "agenda_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    kind: Mapped[SessionKind] = mapped_column(str_enum(SessionKind, "session_kind"))
    track_id: Mapped[int | None] = mapped_column(ForeignKey("tracks.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("rooms.id"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    seat_limit: Mapped[int | None]  # None: no sign-up (plenaries, breaks)
    seats_taken: Mapped[int] = mapped_column(default=0)
    visibility: Mapped[Visibility] = mapped_column(str_enum(Visibility, "visibility"), default=Visibility.DELEGATES)
    chatham_house: Mapped[bool] = mapped_column(default=False)
    materials: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[SessionStatus] = mapped_column(str_enum(SessionStatus, "session_status"),
                                                  default=SessionStatus.DRAFT)
    sequence: Mapped[int] = mapped_column(default=0)  # rises with every change of time, room or status
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    room: Mapped[Room | None] = relationship(lazy="joined")
    track: Mapped[Track | None] = relationship(lazy="joined")
    speakers: Mapped[list[SessionSpeaker]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                          order_by="SessionSpeaker.role")
    organisations: Mapped[list[Organisation]] = relationship(secondary=session_organisations, lazy="selectin")

    __table_args__ = (
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        CheckConstraint("seats_taken >= 0 AND (seat_limit IS NULL OR seats_taken <= seat_limit)",
                        name="seats_within_limit"),
        Index("ix_agenda_sessions_event_starts_at", "event_id", "starts_at"),
    )

    @property
    def seats_left(self) -> int | None:
        return None if self.seat_limit is None else max(self.seat_limit - self.seats_taken, 0)

    @property
    def cancelled(self) -> bool:
        return self.status is SessionStatus.CANCELLED

    def overlaps(self, other: "AgendaSession") -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at

    def snapshot(self) -> dict[str, Any]:
        """What a published version remembers, to tell what changed next time."""
        return {"title": self.title, "starts_at": self.starts_at.astimezone(UTC).isoformat(),
                "ends_at": self.ends_at.astimezone(UTC).isoformat(),
                "room": self.room.name if self.room else None, "status": self.status.value}


class SignUp(Base):
    __tablename__ = "signups"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("agenda_sessions.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    status: Mapped[SignUpStatus] = mapped_column(str_enum(SignUpStatus, "signup_status"))
    over_limit: Mapped[bool] = mapped_column(default=False)  # placed by an organiser beyond the seat limit
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[AgendaSession] = relationship()
    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("session_id", "person_id", name="uq_signups_session_person"),
                      Index("ix_signups_person", "person_id"))


class AgendaVersion(Base):
    __tablename__ = "agenda_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    number: Mapped[int]
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by: Mapped[str] = mapped_column(String(200))
    changes: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (UniqueConstraint("event_id", "number", name="uq_agenda_versions_event_number"),)

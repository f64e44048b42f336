"""The event itself, the organisations taking part and their people."""

from __future__ import annotations

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import to_local, utcnow, zone_of
from ..db import Base, UTCDateTime, str_enum


class OrganisationKind(enum.StrEnum):
    COMPANY = "company"
    GOVERNMENT = "government"
    LAW_ENFORCEMENT = "law_enforcement"
    NGO = "ngo"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"ngo": "NGO", "law_enforcement": "Law enforcement"}.get(self.value, self.value.capitalize())


class Series(Base):
    """Meetings that follow each other up (e.g. a summit, then its six-month progress review)."""

    __tablename__ = "series"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    events: Mapped[list["Event"]] = relationship(back_populates="series", order_by="Event.starts_at")


class Event(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(ForeignKey("series.id"))
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    city: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    rsvp_deadline: Mapped[datetime] = mapped_column(UTCDateTime)
    co_hosts: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="")
    public_agenda: Mapped[bool] = mapped_column(default=False)
    sequence: Mapped[int] = mapped_column(default=0)  # iTIP: rises when the dates or venue change
    # rises in the same transaction as any change a calendar feed shows (summit/calendar/versions.py)
    feed_version: Mapped[int] = mapped_column(default=0, server_default="0")
    feed_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    series: Mapped[Series] = relationship(back_populates="events", lazy="joined")

    __table_args__ = (CheckConstraint("ends_at > starts_at", name="ends_after_start"),)

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.timezone)

    def local(self, moment: datetime) -> datetime:
        """A UTC moment as wall-clock time in the event's timezone."""
        return to_local(moment, self.zone)

    def rsvp_open(self, now: datetime | None = None) -> bool:
        return (now or utcnow()) < self.rsvp_deadline


class Organisation(Base):
    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(str_enum(OrganisationKind, "organisation_kind"))
    delegate_quota: Mapped[int] = mapped_column(default=2)  # the seats it starts with when it joins an event
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    people: Mapped[list["Person"]] = relationship(back_populates="organisation", order_by="Person.name")

    __table_args__ = (CheckConstraint("delegate_quota >= 0", name="quota_not_negative"),)


class EventOrganisation(Base):
    """An organisation taking part in one event, with its delegate seats there."""

    __tablename__ = "event_organisations"

    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), primary_key=True)
    delegate_quota: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (CheckConstraint("delegate_quota >= 0", name="quota_not_negative"),)


class Person(Base):
    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    job_title: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")

    __table_args__ = (Index("uq_people_email_lower", func.lower(email), unique=True),)

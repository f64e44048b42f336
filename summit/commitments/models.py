"""Commitments agreed at the summit, their milestones and progress updates, and the register of free tools."""

from __future__ import annotations

import enum
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, ForeignKey, Numeric, String, Table, Text, UniqueConstraint, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Organisation, Person


class Expectation(enum.StrEnum):
    BLOCK_ON_UPLOAD = "block_on_upload"
    STOP_GROOMING = "stop_grooming"
    LIVE_STREAMING = "live_streaming"
    HELP_LAW_ENFORCEMENT = "help_law_enforcement"
    SHARE_PRACTICE = "share_practice"
    OFFER_TOOLS_FREE = "offer_tools_free"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "block_on_upload": "Block abuse material as soon as it is uploaded",
            "stop_grooming": "Stop child grooming on their platforms",
            "live_streaming": "Help shut down live-streamed abuse",
            "help_law_enforcement": "Be more forward-leaning in helping law enforcement",
            "share_practice": "Openness, transparency and sharing best practice",
            "offer_tools_free": "Offer tools free to other companies",
            "other": "Other",
        }[self.value]


class CommitmentStatus(enum.StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    AT_RISK = "at_risk"
    DELIVERED = "delivered"
    VERIFIED = "verified"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Rag(enum.StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"


class CommitmentVisibility(enum.StrEnum):
    PUBLIC = "public"
    PARTICIPANTS = "participants"
    SECRETARIAT = "secretariat"

    @property
    def label(self) -> str:
        return {"public": "Public", "participants": "Owning organisations and the secretariat",
                "secretariat": "Secretariat only"}[self.value]


class Currency(enum.StrEnum):
    GBP = "GBP"
    USD = "USD"
    EUR = "EUR"

    @property
    def symbol(self) -> str:
        return {"GBP": "£", "USD": "$", "EUR": "€"}[self.value]


class PledgeKind(enum.StrEnum):
    FUNDING = "funding"
    IN_KIND = "in_kind"
    ENGINEERING_TIME = "engineering_time"

    @property
    def label(self) -> str:
        return {"funding": "Funding", "in_kind": "In kind", "engineering_time": "Engineering time"}[self.value]


class UpdateState(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    RETURNED = "returned"


class ToolStatus(enum.StrEnum):
    PLEDGED = "pledged"
    AVAILABLE = "available"
    RETIRED = "retired"


commitment_organisations = Table(
    "commitment_organisations",
    Base.metadata,
    Column("commitment_id", ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)

tool_commitments = Table(
    "tool_commitments",
    Base.metadata,
    Column("tool_id", ForeignKey("tools.id", ondelete="CASCADE"), primary_key=True),
    Column("commitment_id", ForeignKey("commitments.id", ondelete="CASCADE"), primary_key=True),
)


class Commitment(Base):
    __tablename__ = "commitments"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    reference: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    expectation: Mapped[Expectation] = mapped_column(str_enum(Expectation, "expectation"))
    lead_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    contact_person_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id"))
    agreed_on: Mapped[date | None]
    due_on: Mapped[date | None]
    visibility: Mapped[CommitmentVisibility] = mapped_column(
        str_enum(CommitmentVisibility, "commitment_visibility"), default=CommitmentVisibility.PUBLIC)
    status: Mapped[CommitmentStatus] = mapped_column(str_enum(CommitmentStatus, "commitment_status"),
                                                     default=CommitmentStatus.AGREED)
    progress: Mapped[int] = mapped_column(default=0)
    rag: Mapped[Rag] = mapped_column(str_enum(Rag, "rag"), default=Rag.GREEN)
    rag_reason: Mapped[str] = mapped_column(String(500), default="")
    delivered_on: Mapped[date | None]
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    verification_evidence: Mapped[str] = mapped_column(Text, default="")
    last_reminded_on: Mapped[date | None]
    # Captured in the room (or from a note's action): public only once the secretariat marks it ready for the report.
    ready: Mapped[bool] = mapped_column(default=True, server_default=true())
    pledge_amount: Mapped[Decimal | None] = mapped_column(Numeric(14, 2))  # money: never a float
    pledge_currency: Mapped[Currency | None] = mapped_column(str_enum(Currency, "pledge_currency"))
    pledge_kind: Mapped[PledgeKind | None] = mapped_column(str_enum(PledgeKind, "pledge_kind"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    lead_organisation: Mapped[Organisation] = relationship(lazy="joined")
    organisations: Mapped[list[Organisation]] = relationship(secondary=commitment_organisations, lazy="selectin",
                                                             order_by="Organisation.name")
    contact_person: Mapped[Person | None] = relationship(lazy="joined")
    verified_by: Mapped[User | None] = relationship()
    milestones: Mapped[list["Milestone"]] = relationship(back_populates="commitment", lazy="selectin",
                                                         cascade="all, delete-orphan", order_by="Milestone.due_on")

    __table_args__ = (
        UniqueConstraint("event_id", "reference", name="uq_commitments_event_reference"),
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_is_a_percentage"),
        CheckConstraint("(pledge_amount IS NULL) = (pledge_currency IS NULL) AND "
                        "(pledge_amount IS NULL) = (pledge_kind IS NULL) AND "
                        "(pledge_amount IS NULL OR pledge_amount > 0)", name="pledge_is_whole"),
    )

    @property
    def public(self) -> bool:
        """On the public report, its feeds and the outcome statement: public and marked ready."""
        return self.visibility is CommitmentVisibility.PUBLIC and self.ready


class Milestone(Base):
    __tablename__ = "milestones"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date | None]
    done_on: Mapped[date | None]

    commitment: Mapped[Commitment] = relationship(back_populates="milestones")


class ProgressUpdate(Base):
    __tablename__ = "progress_updates"

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[int] = mapped_column(ForeignKey("commitments.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    text: Mapped[str] = mapped_column(Text)
    progress: Mapped[int]
    evidence: Mapped[str] = mapped_column(Text, default="")  # links, one per line
    proposed_status: Mapped[CommitmentStatus | None] = mapped_column(
        str_enum(CommitmentStatus, "proposed_status"))
    state: Mapped[UpdateState] = mapped_column(str_enum(UpdateState, "update_state"), default=UpdateState.PENDING)
    review_comment: Mapped[str] = mapped_column(Text, default="")
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    commitment: Mapped[Commitment] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])

    __table_args__ = (CheckConstraint("progress >= 0 AND progress <= 100", name="progress_is_a_percentage"),)

    @property
    def evidence_links(self) -> list[str]:
        return [line.strip() for line in self.evidence.splitlines() if line.strip()]


class Tool(Base):
    __tablename__ = "tools"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    name: Mapped[str] = mapped_column(String(200))
    owner_organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    description: Mapped[str] = mapped_column(Text, default="")
    licence: Mapped[str] = mapped_column(String(500), default="")
    available_on: Mapped[date | None]
    status: Mapped[ToolStatus] = mapped_column(str_enum(ToolStatus, "tool_status"), default=ToolStatus.PLEDGED)

    owner: Mapped[Organisation] = relationship(lazy="joined")
    commitments: Mapped[list[Commitment]] = relationship(secondary=tool_commitments, lazy="selectin")
    adoptions: Mapped[list["ToolAdoption"]] = relationship(lazy="selectin", cascade="all, delete-orphan",
                                                           order_by="ToolAdoption.adopted_on")

    __table_args__ = (UniqueConstraint("event_id", "name", name="uq_tools_event_name"),)


class ToolAdoption(Base):
    __tablename__ = "tool_adoptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    tool_id: Mapped[int] = mapped_column(ForeignKey("tools.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    adopted_on: Mapped[date]

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("tool_id", "organisation_id", name="uq_tool_adoptions_tool_organisation"),)


class ToolRequest(Base):
    """Someone outside the summit asks for a tool; the owner confirms the adoption through a capability link."""

    __tablename__ = "tool_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    tool_id: Mapped[int] = mapped_column(ForeignKey("tools.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    organisation_name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320))
    purpose: Mapped[str] = mapped_column(Text)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    adoption_id: Mapped[int | None] = mapped_column(ForeignKey("tool_adoptions.id", ondelete="SET NULL"))

    tool: Mapped[Tool] = relationship(lazy="joined")

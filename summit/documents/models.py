"""The document library: papers uploaded to the event or a session, their versions, audiences and downloads."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, Column, ForeignKey, Index, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..agenda.models import AgendaSession
from ..auth.models import User
from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Event, Organisation


class DocumentAudience(enum.StrEnum):
    INVITED = "invited"
    ACCEPTED = "accepted"
    ORGANISATIONS = "organisations"
    KINDS = "kinds"
    STAFF = "staff"

    @property
    def label(self) -> str:
        return {"invited": "Everyone invited", "accepted": "Delegates whose place is confirmed",
                "organisations": "Chosen organisations only", "kinds": "Chosen kinds of organisation only",
                "staff": "Organisers and secretariat only"}[self.value]


document_organisations = Table(
    "document_organisations",
    Base.metadata,
    Column("document_id", ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id"), primary_key=True),
)


class Document(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_sessions.id"))
    title: Mapped[str] = mapped_column(String(200))
    audience: Mapped[DocumentAudience] = mapped_column(str_enum(DocumentAudience, "document_audience"),
                                                      default=DocumentAudience.ACCEPTED)
    organisation_kinds: Mapped[list[str]] = mapped_column(JSON, default=list)  # OrganisationKind values
    embargo_until: Mapped[datetime | None] = mapped_column(UTCDateTime)  # hidden from non-staff before this
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)  # when the newest version came
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    event: Mapped[Event] = relationship()
    agenda_session: Mapped[AgendaSession | None] = relationship(lazy="joined")
    organisations: Mapped[list[Organisation]] = relationship(secondary=document_organisations, lazy="selectin",
                                                             order_by="Organisation.name")
    versions: Mapped[list["DocumentVersion"]] = relationship(
        back_populates="document", lazy="selectin", order_by="DocumentVersion.number",
        cascade="all, delete-orphan", passive_deletes=True)

    __table_args__ = (Index("ix_documents_event_session", "event_id", "session_id"),)

    @property
    def current(self) -> "DocumentVersion":
        return self.versions[-1]


class DocumentVersion(Base):
    __tablename__ = "document_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    number: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255))  # as uploaded; shown, never used as a path
    download_name: Mapped[str] = mapped_column(String(255))  # the name with the extension of the detected type
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_name: Mapped[str] = mapped_column(String(64), unique=True)  # random; the file's name on disk
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    document: Mapped[Document] = relationship(back_populates="versions")
    uploaded_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def size_label(self) -> str:
        return f"{self.size / 1048576:.1f} MB" if self.size >= 102400 else f"{max(1, round(self.size / 1024))} KB"

    @property
    def kind_label(self) -> str:
        return self.download_name.rsplit(".", 1)[-1].upper()

    __table_args__ = (UniqueConstraint("document_id", "number", name="uq_document_versions_document_number"),
                      CheckConstraint("size > 0", name="size_positive"))


class DocumentDownload(Base):
    """How often each organisation's delegates downloaded a document: counted per organisation, never per person."""

    __tablename__ = "document_downloads"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    count: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (UniqueConstraint("document_id", "organisation_id",
                                       name="uq_document_downloads_document_organisation"),)

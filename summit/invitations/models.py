"""Invitations: one per person per event, with the RSVP answer, seat and waiting-list state."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..clock import utcnow
from ..db import Base, UTCDateTime, str_enum
from ..events.models import Event, Organisation, Person


class InvitationStatus(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    OPENED = "opened"
    ACCEPTED = "accepted"
    TENTATIVE = "tentative"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"
    SUBSTITUTED = "substituted"
    REVOKED = "revoked"
    BOUNCED = "bounced"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def awaiting_answer(self) -> bool:
        return self in (InvitationStatus.SENT, InvitationStatus.OPENED)

    @property
    def left(self) -> bool:
        """The person is no longer coming: their seats and their access to the event end."""
        return self in LEFT_STATES

    @property
    def closed(self) -> bool:
        """No answer can be given any more through this invitation."""
        return self in (InvitationStatus.SUBSTITUTED, InvitationStatus.REVOKED, InvitationStatus.DRAFT)


LEFT_STATES = frozenset({InvitationStatus.DECLINED, InvitationStatus.SUBSTITUTED, InvitationStatus.REVOKED})


class Answer(enum.StrEnum):
    ACCEPT = "accept"
    TENTATIVE = "tentative"
    DECLINE = "decline"


DIETARY_OPTIONS = {
    "vegetarian": "Vegetarian",
    "vegan": "Vegan",
    "halal": "Halal",
    "kosher": "Kosher",
    "gluten_free": "Gluten-free",
    "dairy_free": "Dairy-free",
    "nut_allergy": "Nut allergy",
    "other": "Other (please say below)",
}

ACCESS_OPTIONS = {
    "step_free": "Step-free access or wheelchair space",
    "hearing_loop": "Hearing loop",
    "sign_language": "Sign language interpretation",
    "captioning": "Live captions",
    "large_print": "Large print or screen-reader friendly materials",
    "quiet_room": "A quiet room",
    "other": "Something else (please say below)",
}


class Invitation(Base):
    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    status: Mapped[InvitationStatus] = mapped_column(
        str_enum(InvitationStatus, "invitation_status"), default=InvitationStatus.DRAFT
    )
    # Whether this invitation occupies one of its organisation's seats: accepted, or a substitute who inherited one.
    holds_seat: Mapped[bool] = mapped_column(default=False)
    quota_override: Mapped[bool] = mapped_column(default=False)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    waitlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reminders_sent: Mapped[int] = mapped_column(default=0)
    dietary: Mapped[list[str]] = mapped_column(JSON, default=list)
    dietary_other: Mapped[str] = mapped_column(String(300), default="")
    access: Mapped[list[str]] = mapped_column(JSON, default=list)
    access_needs: Mapped[str] = mapped_column(Text, default="")
    listed_consent: Mapped[bool] = mapped_column(default=False)
    comment: Mapped[str] = mapped_column(Text, default="")
    substitute_for_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"))
    sequence: Mapped[int] = mapped_column(default=0)
    # Calendar replies: the UID in the invitee's calendar carries a secret derived from SECRET_KEY and this nonce;
    # only its hash is kept, to find the invitation a reply answers. The last reply applied shows replays.
    calendar_nonce: Mapped[str | None] = mapped_column(String(32))
    calendar_uid_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    calendar_reply_sequence: Mapped[int | None]
    calendar_reply_stamp: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    event: Mapped[Event] = relationship()
    person: Mapped[Person] = relationship(lazy="joined")
    organisation: Mapped[Organisation] = relationship(lazy="joined")
    substitute_for: Mapped["Invitation | None"] = relationship(remote_side=[id])

    __table_args__ = (
        UniqueConstraint("event_id", "person_id", name="uq_invitations_event_person"),
        Index("ix_invitations_event_organisation_status", "event_id", "organisation_id", "status"),
    )

    @property
    def special_needs(self) -> bool:
        return bool(self.dietary or self.dietary_other or self.access or self.access_needs)


class LinkEnd(enum.StrEnum):
    """Why a personal link stopped working, told only to someone who presents that very link."""
    REPLACED = "replaced"  # an organiser sent a new link
    PASSED_ON = "passed_on"  # the holder nominated a colleague


class InvitationLink(Base):
    """Personal links besides the invitation email's (whose hash is Invitation.token_hash): a reminder's extra live
    link, and the hashes of links that ended, so that their holders can be told why. Only hashes are kept."""
    __tablename__ = "invitation_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitations.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_because: Mapped[LinkEnd | None] = mapped_column(str_enum(LinkEnd, "invitation_link_end"))

    invitation: Mapped[Invitation] = relationship()

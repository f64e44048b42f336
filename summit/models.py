"""Every model, imported once so that the metadata (and Alembic) sees the whole schema."""

from .agenda.models import AgendaSession, AgendaVersion, Room, SessionSpeaker, SignUp, Track
from .api.models import ApiToken
from .audit import AuditEntry
from .auth.models import User
from .calendar.models import FeedToken
from .db import Base
from .invitations.models import Invitation
from .mail.models import OutboxMessage
from .series.models import CommitmentReview
from .throttle import ThrottleHit

metadata = Base.metadata

__all__ = [
    "AgendaSession", "AgendaVersion", "ApiToken", "AuditEntry", "CommitmentReview", "FeedToken", "Invitation",
    "OutboxMessage", "Room", "SessionSpeaker", "SignUp", "ThrottleHit", "Track", "User", "metadata",
]

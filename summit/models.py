"""Every model, imported once so that the metadata (and Alembic) sees the whole schema."""

from .agenda.models import AgendaSession, AgendaVersion, Room, SessionSpeaker, SignUp, Track
from .audit import AuditEntry
from .auth.models import User
from .calendar.models import FeedToken
from .commitments.models import Commitment, Milestone, ProgressUpdate, Tool, ToolAdoption
from .db import Base
from .events.models import Event, EventOrganisation, Organisation, Person, Series
from .invitations.models import Invitation
from .mail.models import OutboxMessage
from .series.models import CommitmentReview
from .throttle import ThrottleHit

metadata = Base.metadata

__all__ = [
    "AgendaSession", "AgendaVersion", "AuditEntry", "Commitment", "Event", "FeedToken", "Invitation", "Milestone",
    "Organisation", "OutboxMessage", "Person", "ProgressUpdate", "Room", "SessionSpeaker", "SignUp", "ThrottleHit",
    "Tool", "ToolAdoption", "Track", "User", "metadata",
    "CommitmentReview", "EventOrganisation", "Series",  # many events, one series
]

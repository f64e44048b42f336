"""Every model, imported once so that the metadata (and Alembic) sees the whole schema."""

from .agenda.models import AgendaSession, AgendaVersion, Room, SessionSpeaker, SignUp, Track
from .audit import AuditEntry
from .auth.models import User
from .calendar.models import FeedToken
from .checkin.models import CheckIn, CheckInCode, SessionCheckIn
from .commitments.models import Commitment, Milestone, ProgressUpdate, Tool, ToolAdoption
from .db import Base
from .events.models import Event, Organisation, Person
from .invitations.models import Invitation
from .mail.models import OutboxMessage
from .throttle import ThrottleHit

metadata = Base.metadata

__all__ = [
    "AgendaSession", "AgendaVersion", "AuditEntry", "CheckIn", "CheckInCode", "Commitment", "Event", "FeedToken",
    "Invitation", "Milestone", "Organisation", "OutboxMessage", "Person", "ProgressUpdate", "Room", "SessionCheckIn",
    "SessionSpeaker", "SignUp", "ThrottleHit", "Tool", "ToolAdoption", "Track", "User", "metadata",
]

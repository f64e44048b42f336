"""Every model, imported once so that the metadata (and Alembic) sees the whole schema."""

from .agenda.models import AgendaSession, AgendaVersion, Room, SessionSpeaker, SignUp, Track
from .api.models import ApiToken
from .audit import AuditEntry
from .auth.models import User
from .calendar.models import FeedToken
from .db import Base
from .documents.models import Document, DocumentDownload, DocumentVersion
from .events.models import Event, Organisation, Person
from .invitations.models import Invitation
from .mail.models import OutboxMessage
from .throttle import ThrottleHit

metadata = Base.metadata

__all__ = [
    "AgendaSession", "AgendaVersion", "ApiToken", "AuditEntry", "Document", "DocumentDownload", "DocumentVersion",
    "Event", "FeedToken", "Invitation", "Organisation", "OutboxMessage", "Person", "Room", "SessionSpeaker",
    "SignUp", "ThrottleHit", "Track", "User", "metadata",
]

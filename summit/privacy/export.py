"""Subject access: everything Summit holds about one person, as plain data for a JSON file. Secrets (password and
link hashes) are named as present, never given: they are ours to check, not personal information to read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from ..agenda.models import SessionSpeaker, SignUp
from ..api.models import ApiToken
from ..audit import AuditEntry, _plain
from ..auth.models import SignInLink, User, UserSession
from ..calendar.models import FeedToken
from ..checkin.models import CheckIn, SessionCheckIn
from ..clock import utcnow
from ..commitments.models import Commitment, ProgressUpdate
from ..events.models import Person
from ..invitations.models import Invitation
from ..mail.models import OutboxMessage
from ..questions.models import Letter, QuestionAnswer
from ..throttle import ThrottleHit

SECRETS = {"token_hash", "password_hash", "calendar_nonce", "calendar_uid_hash", "prepared"}


def row_data(row: Any) -> dict[str, Any]:
    """Every column of a row, secrets replaced by whether they are set."""
    return {column.key: (getattr(row, column.key) is not None) if column.key in SECRETS
            else _plain(getattr(row, column.key)) for column in row.__table__.columns}


def export_person(session: Session, person: Person) -> dict[str, Any]:
    """What Summit holds about this person, table by table."""
    user = session.scalar(select(User).where(User.person_id == person.id))
    user_ids = [user.id] if user else [-1]
    invitations = list(session.scalars(select(Invitation).where(Invitation.person_id == person.id)))

    def rows(query: Any) -> list[dict[str, Any]]:
        return [row_data(row) for row in session.scalars(query)]

    targets = [("people", person.id)] + [("users", i) for i in user_ids] + [("invitations", i.id) for i in invitations]
    about = or_(AuditEntry.actor_id.in_(user_ids),
                *[(AuditEntry.target_type == kind) & (AuditEntry.target_id == ident) for kind, ident in targets])
    return {
        "exported_at": _plain(utcnow()),
        "person": row_data(person),
        "organisation": person.organisation.name if person.organisation else None,
        "account": row_data(user) if user else None,
        "invitations": [row_data(i) | {"event": i.event.name} for i in invitations],
        "rsvp_question_answers": rows(select(QuestionAnswer).where(
            QuestionAnswer.invitation_id.in_([i.id for i in invitations] or [-1]))),
        "invitation_letters": rows(select(Letter).where(Letter.invitation_id.in_([i.id for i in invitations] or [-1]))),
        "session_sign_ups": rows(select(SignUp).where(SignUp.person_id == person.id)),
        "check_ins": rows(select(CheckIn).where(CheckIn.invitation_id.in_([i.id for i in invitations] or [-1]))),
        "session_door_check_ins": rows(select(SessionCheckIn).where(SessionCheckIn.person_id == person.id)),
        "speaking": rows(select(SessionSpeaker).where(SessionSpeaker.person_id == person.id)),
        "commitments_as_contact": rows(select(Commitment).where(Commitment.contact_person_id == person.id)),
        "progress_updates_written": rows(select(ProgressUpdate).where(ProgressUpdate.author_id.in_(user_ids))),
        "sign_in_sessions": rows(select(UserSession).where(UserSession.user_id.in_(user_ids))),
        "sign_in_links": rows(select(SignInLink).where(SignInLink.user_id.in_(user_ids))),
        "calendar_feeds": rows(select(FeedToken).where(FeedToken.user_id.in_(user_ids))),
        "api_tokens": rows(select(ApiToken).where(ApiToken.user_id.in_(user_ids))),
        "sign_in_attempts": rows(select(ThrottleHit).where(func.lower(ThrottleHit.key) == person.email.lower())),
        "emails": rows(select(OutboxMessage).where(func.lower(OutboxMessage.to_address) == person.email.lower())
                       .order_by(OutboxMessage.id)),
        "history": rows(select(AuditEntry).where(about).order_by(AuditEntry.id)),
    }

"""Replacing a person's personal data with a placeholder, wherever Summit keeps it."""

from __future__ import annotations

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..events.models import Person
from ..invitations.models import Invitation
from ..mail.models import OutboxMessage


def placeholder_name(person_id: int) -> str:
    return f"Erased person #{person_id}"


def placeholder_email(person_id: int) -> str:
    return f"erased-{person_id}@erased.invalid"  # .invalid never resolves (RFC 2606); unique per person


def is_erased(person: Person) -> bool:
    return person.email == placeholder_email(person.id)


def anonymise_person(session: Session, person: Person) -> None:
    """Name, email and job title become placeholders; invitations lose needs and notes; copies of emails to the
    person keep only their status. The rows stay, so that counts and the organisation's commitments stay right."""
    email = person.email
    session.execute(
        update(OutboxMessage).where(func.lower(OutboxMessage.to_address) == email.lower())
        .values(to_name=placeholder_name(person.id), to_address=placeholder_email(person.id), subject="(erased)",
                text_body="", html_body="", calendar=None, last_error=None)
        .execution_options(synchronize_session=False))
    for invitation in session.scalars(select(Invitation).where(Invitation.person_id == person.id)):
        invitation.dietary, invitation.dietary_other, invitation.access, invitation.access_needs = [], "", [], ""
        invitation.comment, invitation.listed_consent, invitation.token_hash = "", False, None
    person.name, person.email, person.job_title = placeholder_name(person.id), placeholder_email(person.id), ""

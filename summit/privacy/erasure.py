"""Replacing a person's personal data with a placeholder, wherever Summit keeps it."""

from __future__ import annotations

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .. import audit
from ..agenda.models import SignUp
from ..api.models import ApiToken
from ..audit import Actor
from ..auth.models import SignInLink, User, UserSession
from ..calendar.models import FeedToken
from ..events.models import Person
from ..invitations.models import Invitation, InvitationLink
from ..mail.models import OutboxMessage
from ..questions.answers import erase_answers
from ..throttle import ThrottleHit


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
                text_body="", html_body="", calendar=None, prepared=None, last_error=None)
        .execution_options(synchronize_session=False))
    invitations = list(session.scalars(select(Invitation).where(Invitation.person_id == person.id)))
    erase_answers(session, [i.id for i in invitations])  # answers to the RSVP questions go entirely
    for invitation in invitations:
        invitation.dietary, invitation.dietary_other, invitation.access, invitation.access_needs = [], "", [], ""
        invitation.comment, invitation.listed_consent, invitation.token_hash = "", False, None
        session.execute(delete(InvitationLink).where(InvitationLink.invitation_id == invitation.id))
    person.name, person.email, person.job_title = placeholder_name(person.id), placeholder_email(person.id), ""


def erasure_summary(session: Session, person: Person) -> list[str]:
    """What erasing this person will remove or replace, in words for the confirmation."""
    user = session.scalar(select(User).where(User.person_id == person.id))
    invitations = session.scalar(select(func.count()).select_from(Invitation).where(Invitation.person_id == person.id))
    signups = session.scalar(select(func.count()).select_from(SignUp).where(SignUp.person_id == person.id))
    emails = session.scalar(select(func.count()).select_from(OutboxMessage)
                            .where(func.lower(OutboxMessage.to_address) == person.email.lower()))
    return [f"name, email address and job title become “{placeholder_name(person.id)}”",
            f"needs, notes and consent on {invitations} invitation(s) (their answers and seats stay, so counts stay)",
            f"{signups} session sign-up(s)",
            "the account's password, sign-ins, sign-in links, calendar feeds and API tokens" if user else "no account",
            f"the text of {emails} email(s) sent to them (status stays)",
            "the organisation's commitments stay; where this person was the contact, the contact reads as erased"]


def erase_person(session: Session, actor: Actor, person: Person) -> None:
    """Erase a person on request (the caller commits). The audit entry names the person by number only."""
    user = session.scalar(select(User).where(User.person_id == person.id))
    email = person.email.lower()
    if user is not None:
        for model in (UserSession, SignInLink, FeedToken, ApiToken):
            session.execute(delete(model).where(model.user_id == user.id).execution_options(synchronize_session=False))
        user.password_hash, user.active = None, False
    session.execute(delete(SignUp).where(SignUp.person_id == person.id).execution_options(synchronize_session=False))
    session.execute(delete(ThrottleHit).where(func.lower(ThrottleHit.key) == email)
                    .execution_options(synchronize_session=False))
    anonymise_person(session, person)
    audit.record(session, actor, "person.erase", person)

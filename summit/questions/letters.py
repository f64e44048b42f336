"""Invitation letters: the settings, issuing (a stored, unguessable reference), the documents, verification."""

from __future__ import annotations

import re
import secrets

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import utcnow
from ..events.models import Event, Person
from ..invitations.models import Invitation, InvitationStatus
from .answers import name_on_id
from .letter_pdf import LetterData, render_letters
from .models import Letter, LetterSettings
from .services import QuestionError

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: read aloud over the phone
DEFAULT_PURPOSE = ("The meeting brings together industry, child-protection organisations, government and law "
                   "enforcement to develop tools that detect online grooming, and to offer them free to other "
                   "companies.")


def new_reference() -> str:
    """SUM-XXXX-XXXX-XXXX: about 59 random bits, so references cannot be guessed."""
    chars = "".join(secrets.choice(ALPHABET) for _ in range(12))
    return f"SUM-{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def normalise_reference(text: str) -> str:
    chars = re.sub(r"[^A-Z0-9]", "", text.upper())
    chars = chars[3:] if chars.startswith("SUM") else chars
    return f"SUM-{chars[:4]}-{chars[4:8]}-{chars[8:]}" if len(chars) == 12 else ""


def letter_settings(session: Session, event: Event) -> LetterSettings:
    """The event's settings, or unsaved defaults drawn from the event."""
    return session.get(LetterSettings, event.id) or LetterSettings(
        event_id=event.id, letterhead="\n".join(filter(None, [event.co_hosts, f"{event.venue}, {event.city}"])),
        purpose=DEFAULT_PURPOSE, signer_name="The organisers", signer_title=event.name)


def save_letter_settings(session: Session, actor: Actor, event: Event, *, letterhead: str, purpose: str,
                         signer_name: str, signer_title: str) -> LetterSettings:
    if not letterhead.strip() or not signer_name.strip():
        raise QuestionError("A letter needs a letterhead and someone to sign it.",
                            field="letterhead" if not letterhead.strip() else "signer_name")
    settings = session.get(LetterSettings, event.id)
    if settings is None:
        settings = LetterSettings(event_id=event.id)
        session.add(settings)
    settings.letterhead, settings.purpose = letterhead.strip(), purpose.strip()
    settings.signer_name, settings.signer_title = signer_name.strip(), signer_title.strip()
    settings.updated_at = utcnow()
    audit.record(session, actor, "letters.settings", event, after={"changed": True})
    return settings


def copy_letter_settings(session: Session, actor: Actor, source: Event, target: Event) -> None:
    """The source event's saved letterhead, purpose and signer, for the target (nothing when none were saved)."""
    saved = session.get(LetterSettings, source.id)
    if saved is not None:
        save_letter_settings(session, actor, target, letterhead=saved.letterhead, purpose=saved.purpose,
                             signer_name=saved.signer_name, signer_title=saved.signer_title)


def _issue(session: Session, invitation: Invitation) -> Letter:
    if invitation.status is not InvitationStatus.ACCEPTED:
        raise QuestionError("Invitation letters are for delegates whose place is confirmed.")
    letter = session.scalar(select(Letter).where(Letter.invitation_id == invitation.id))
    if letter is None:
        letter = Letter(invitation_id=invitation.id, reference=new_reference())
        session.add(letter)
        session.flush()
    return letter


def _data(session: Session, invitation: Invitation, letter: Letter, settings: LetterSettings) -> LetterData:
    event = invitation.event
    start, end = event.local(event.starts_at), event.local(event.ends_at)
    dates = f"{start:%A %-d %B %Y, %H:%M} to {end:%A %-d %B %Y, %H:%M} ({end.tzname()}, {event.timezone})"
    return LetterData(
        reference=letter.reference, issued_on=f"{event.local(letter.issued_at):%-d %B %Y}",
        letterhead=settings.letterhead, name=name_on_id(session, invitation) or invitation.person.name,
        organisation=invitation.organisation.name, job_title=invitation.person.job_title,
        event_name=event.name, venue=f"{event.venue}, {event.city}", dates=dates, purpose=settings.purpose,
        signer_name=settings.signer_name, signer_title=settings.signer_title, contact=event.contact_email)


def letters_pdf(session: Session, actor: Actor, event: Event, invitations: list[Invitation]) -> bytes:
    """One document with a letter for each invitation (each must be accepted); audited by invitation ids."""
    settings = letter_settings(session, event)
    data = [_data(session, i, _issue(session, i), settings) for i in invitations]
    if not data:
        raise QuestionError("Nobody has a confirmed place yet, so there are no letters.")
    audit.record(session, actor, "letters.download", event, after={"invitation_ids": [i.id for i in invitations]})
    return render_letters(data, title=f"{event.name}: invitation letter{'s' if len(data) > 1 else ''}")


def accepted_invitations(session: Session, event: Event) -> list[Invitation]:
    return list(session.scalars(select(Invitation).join(Invitation.person)
                                .where(Invitation.event_id == event.id,
                                       Invitation.status == InvitationStatus.ACCEPTED)
                                .order_by(func.lower(Person.name))))


def verify_reference(session: Session, event: Event, text: str) -> Letter | None:
    """The letter with this reference at this event, or None: the organisers' answer to 'is this letter ours?'."""
    reference = normalise_reference(text)
    if not reference:
        return None
    letter = session.scalar(select(Letter).where(Letter.reference == reference))
    return letter if letter is not None and letter.invitation.event_id == event.id else None

"""Keeping notes during a session under the Chatham House Rule, and turning an action into a commitment."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..agenda.models import AgendaSession, SignUp, SignUpStatus
from ..audit import Actor
from ..auth.models import User
from ..auth.permissions import Viewer
from ..commitments.models import Commitment
from ..commitments.services import CommitmentFields, create_commitment
from ..errors import RuleBroken
from ..events.models import Event, Organisation, Person
from ..invitations.models import Invitation, InvitationStatus
from .models import NoteKind, NoteVisibility, SessionNote
from .rules import names_mentioned


class NoteError(RuleBroken):
    """A rule about notes was broken; the message says what to do."""


def people_present(session: Session, item: AgendaSession) -> list[Person]:
    """Who is in the room: speakers, those signed up, and for a plenary (no sign-up) every accepted delegate."""
    people = {s.person.id: s.person for s in item.speakers}
    if item.seat_limit is None:
        query = select(Person).join(Invitation, Invitation.person_id == Person.id).where(
            Invitation.event_id == item.event_id, Invitation.status == InvitationStatus.ACCEPTED)
    else:
        query = select(Person).join(SignUp, SignUp.person_id == Person.id).where(
            SignUp.session_id == item.id, SignUp.status == SignUpStatus.SIGNED_UP)
    people.update({p.id: p for p in session.scalars(query)})
    return list(people.values())


def names_present(session: Session, item: AgendaSession) -> list[str]:
    """The names a note should not carry without meaning to: the people present and their organisations, and the
    organisations the session is for."""
    people = people_present(session, item)
    ids = {p.organisation_id for p in people if p.organisation_id} | {o.id for o in item.organisations}
    organisations = session.scalars(select(Organisation.name).where(Organisation.id.in_(ids))) if ids else []
    return [*(p.name for p in people), *organisations]


def takes_part(session: Session, item: AgendaSession, viewer: Viewer) -> bool:
    """Whether this visitor is a participant of the session: a speaker, signed up, or anyone inside at a plenary."""
    if viewer.person_id is None:
        return False
    if item.seat_limit is None or any(s.person_id == viewer.person_id for s in item.speakers):
        return True
    return session.scalar(select(SignUp.id).where(SignUp.session_id == item.id, SignUp.person_id == viewer.person_id,
                                                  SignUp.status == SignUpStatus.SIGNED_UP)) is not None


def add_note(session: Session, actor: Actor, user: User, item: AgendaSession, *, kind: NoteKind,
             visibility: NoteVisibility, text: str, names_confirmed: bool = False) -> SessionNote:
    """A note of what was said, not who said it: naming someone present must be a conscious choice."""
    text = text.strip()
    if not text:
        raise NoteError("Write the note.", field="text")
    if not names_confirmed and (names := names_mentioned(text, names_present(session, item))):
        raise NoteError(f"This note names {', '.join(names)}. Under the Chatham House Rule notes say what was said, "
                        "not who said it: remove the names, or tick the box to keep them on purpose.",
                        field="names_confirmed")
    note = SessionNote(event_id=item.event_id, session_id=item.id, kind=kind, visibility=visibility, text=text,
                       author_id=user.id)
    session.add(note)
    session.flush()
    audit.record(session, actor, "note.add", note, after={"session_id": item.id, "kind": kind,
                                                          "visibility": visibility, "names_confirmed": names_confirmed})
    return note


def commit_action(session: Session, actor: Actor, event: Event, note: SessionNote,
                  fields: CommitmentFields) -> Commitment:
    """An action becomes a commitment in one step: agreed in the note's session, not public until marked ready."""
    if note.kind is not NoteKind.ACTION:
        raise NoteError("Only an action can become a commitment.")
    if note.commitment_id is not None:
        raise NoteError("This action is already a commitment.")
    fields.session_id, fields.ready = note.session_id, False
    commitment = create_commitment(session, actor, event, fields)
    session.flush()
    note.commitment_id = commitment.id
    audit.record(session, actor, "note.to_commitment", note, after={"commitment_id": commitment.id})
    return commitment


def notes_in(session: Session, item: AgendaSession) -> list[SessionNote]:
    """Every note of the session, newest first (the caller filters by what the reader may see)."""
    return list(session.scalars(select(SessionNote).where(SessionNote.session_id == item.id)
                                .order_by(SessionNote.created_at.desc(), SessionNote.id.desc())))


def note_in(session: Session, item: AgendaSession, note_id: int) -> SessionNote | None:
    note = session.get(SessionNote, note_id)
    return note if note is not None and note.session_id == item.id else None


def public_decisions(session: Session, event: Event) -> list[tuple[SessionNote, AgendaSession]]:
    """The decisions recorded as public, with their sessions, in the order of the programme."""
    return list(session.execute(
        select(SessionNote, AgendaSession).join(AgendaSession, AgendaSession.id == SessionNote.session_id)
        .where(SessionNote.event_id == event.id, SessionNote.kind == NoteKind.DECISION,
               SessionNote.visibility == NoteVisibility.PUBLIC)
        .order_by(AgendaSession.starts_at, SessionNote.created_at)).all())

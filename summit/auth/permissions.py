"""Who may see or do what: the one place that decides. Views, services and templates ask a Viewer."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from typing import Any

from flask import abort, g, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from .. import db
from ..agenda.models import AgendaSession, SessionStatus, Visibility
from ..audit import Actor
from ..commitments.models import Commitment, CommitmentVisibility
from ..documents.models import Document, DocumentAudience
from ..events.models import EventOrganisation, Organisation
from ..invitations.models import Invitation, InvitationStatus
from .models import Role

STAFF = frozenset({Role.ORGANISER, Role.SECRETARIAT})
STAFF_SCOPES = {"invitations:read": "may_manage_invitations", "commitments:admin": "may_follow_commitments"}


@dataclass(frozen=True)
class Viewer:
    """The visitor as the rules see them: role, person and organisation (all None when signed out)."""

    role: Role | None = None
    user_id: int | None = None
    person_id: int | None = None
    organisation_id: int | None = None
    standing: InvitationStatus | None = None  # a delegate's invitation at the event in question, when there is one
    participates: bool | None = None  # whether a delegate's organisation takes part in that event (None: no event)

    # ---- who ----
    @property
    def signed_in(self) -> bool:
        return self.role is not None

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF

    @property
    def is_organiser(self) -> bool:
        return self.role is Role.ORGANISER

    @property
    def is_secretariat(self) -> bool:
        return self.role is Role.SECRETARIAT

    @property
    def is_delegate(self) -> bool:
        return self.role is Role.DELEGATE

    @property
    def is_reception(self) -> bool:
        return self.role is Role.RECEPTION

    @property
    def has_left(self) -> bool:
        """A delegate who declined, was revoked or passed their place on: outside the event from then on."""
        return self.is_delegate and self.standing is not None and self.standing.left

    @property
    def inside(self) -> bool:
        """Signed in and still part of the event (a delegate's organisation takes part in it): sees what
        participants see. Reception staff check people in and see nothing else."""
        return (self.signed_in and not self.has_left and not self.is_reception
                and not (self.is_delegate and self.participates is False))

    # ---- the event and its people ----
    may_manage_event = is_organiser
    may_manage_invitations = is_organiser
    may_manage_agenda = is_organiser
    may_manage_users = is_organiser
    may_see_outbox = is_organiser
    may_see_needs = is_organiser  # dietary and access needs are special-category data
    may_see_glance = is_organiser
    may_switch_events = is_staff  # the event switcher lists every event of every series
    may_review_series = is_staff  # review a series' open commitments at a later meeting

    @property
    def may_see_delegate_list(self) -> bool:
        """The confidential list is for staff and accepted delegates (it shows only those who consented)."""
        return self.is_staff or (self.is_delegate and self.standing is InvitationStatus.ACCEPTED)

    # ---- RSVP questions and the visitor list ----
    may_see_visitor_list = is_staff  # each column still needs may_read_answers

    def may_read_answers(self, question: Any) -> bool:
        """Organisers read every question's answers; the secretariat those the question opens to staff."""
        return self.is_organiser or (self.is_secretariat and question.readers.value == "staff")

    @property
    def may_sign_up(self) -> bool:
        """Delegates choose sessions for themselves (whether their RSVP allows it is the service's rule)."""
        return self.is_delegate and not self.has_left

    # ---- check-in (reception may do this and nothing else) ----
    @property
    def may_check_in(self) -> bool:
        """Search, scan, check in and undo at the desk; session door lists."""
        return self.is_organiser or self.is_reception

    may_add_walk_in = is_organiser  # a walk-in is an invitation too: organisers decide who comes
    may_print_badges = is_organiser

    # ---- the programme ----
    def may_see_session(self, item: AgendaSession) -> bool:
        """Staff see everything; others see published or cancelled sessions they may attend."""
        return self.may_see_session_of(item.status, item.visibility, lambda: {o.id for o in item.organisations})

    def may_see_session_of(self, status: SessionStatus, visibility: Visibility,
                           organisation_ids: Callable[[], Collection[int]]) -> bool:
        """`may_see_session` from a session's values (a feed reads sessions as rows); `organisation_ids` is asked
        only for a restricted session."""
        if self.is_staff:
            return True
        if status is SessionStatus.DRAFT:
            return False
        if visibility is Visibility.PUBLIC:
            return True
        if not self.inside:
            return False
        if visibility is Visibility.DELEGATES:
            return True
        return self.organisation_id is not None and self.organisation_id in organisation_ids()

    def may_see_agenda(self, public_agenda: bool) -> bool:
        return self.inside or public_agenda

    # ---- commitments ----
    may_follow_commitments = is_staff  # record, capture, review, edit, the tools register
    may_verify = is_secretariat  # organisers host; only the secretariat verifies

    def owns(self, commitment: Commitment) -> bool:
        return self.organisation_id is not None and self.organisation_id in {o.id for o in commitment.organisations}

    def may_see_commitment(self, commitment: Commitment) -> bool:
        """Public (and ready for the report): everyone. Participants, or public but not yet ready: the owning
        organisations and staff. Secretariat: staff only."""
        if self.is_staff or commitment.public:
            return True
        if commitment.visibility is CommitmentVisibility.SECRETARIAT or self.has_left:
            return False
        return self.owns(commitment)

    def may_edit_commitment(self, commitment: Commitment) -> bool:
        return self.is_staff and self.may_see_commitment(commitment)

    def may_report_progress(self, commitment: Commitment) -> bool:
        """The owning organisations' delegates post progress on commitments they are allowed to see."""
        return (self.owns(commitment) and not self.has_left
                and commitment.visibility is not CommitmentVisibility.SECRETARIAT)

    def may_see_pending_updates(self, commitment: Commitment) -> bool:
        """Unreviewed progress is for the owners and staff, even on a public commitment."""
        return self.is_staff or self.may_report_progress(commitment)

    # ---- documents ----
    may_manage_documents = is_organiser  # upload, replace, choose the audience, delete, see downloads
    may_see_old_versions = is_staff

    def may_see_document(self, document: Document, now: datetime) -> bool:
        """Staff see every document. An invited delegate (built for the document's event) sees it once its embargo
        has passed, if they may see its session (when it has one) and are in its audience."""
        if self.is_staff:
            return True
        if not self.is_delegate or self.standing is None or self.has_left or self.standing is InvitationStatus.DRAFT:
            return False
        if document.embargo_until is not None and now < document.embargo_until:
            return False
        if document.agenda_session is not None and not self.may_see_session(document.agenda_session):
            return False
        audience = document.audience
        if audience is DocumentAudience.INVITED:
            return True
        if audience is DocumentAudience.ACCEPTED:
            return self.standing is InvitationStatus.ACCEPTED
        if audience is DocumentAudience.ORGANISATIONS:
            return self.organisation_id in {o.id for o in document.organisations}
        if audience is DocumentAudience.KINDS and self.organisation_id is not None:
            organisation = (object_session(document) or db.session).get(Organisation, self.organisation_id)
            return organisation is not None and organisation.kind.value in document.organisation_kinds
        return False  # staff only

    def may_see_tool(self, tool: Any) -> bool:
        """A tool in the register, for those who may see every commitment it was pledged under."""
        return self.is_staff or all(self.may_see_commitment(c) for c in tool.commitments)

    # ---- the API (personal access tokens) ----
    def may_hold_scope(self, scope: str) -> bool:
        """A token's scope counts only while its owner may do that on the pages: staff scopes need staff."""
        question = STAFF_SCOPES.get(scope)
        return self.signed_in and (question is None or bool(getattr(self, question)))

    # ---- notes (Chatham House) and the outcome statement ----
    may_keep_notes = is_staff  # the secretariat (and the organisers who host) write notes during a session
    may_draft_outcome = is_staff
    may_publish_outcome = is_secretariat  # like verification: the secretariat's word, not the host's

    def may_read_note(self, visibility: Any, takes_part: bool) -> bool:
        """Secretariat only: staff. Participants: staff and delegates taking part in the session (still inside).
        Public: anyone who may see the session (the caller has checked that)."""
        if self.is_staff or visibility == "public":
            return True
        return visibility == "participants" and takes_part and self.inside

    # ---- caches ----
    @property
    def audience(self) -> tuple[object, ...]:
        """What a viewer-dependent page or feed depends on: two viewers with the same audience see the same content."""
        return (self.is_staff, self.inside, None if self.is_staff else self.organisation_id)


ANONYMOUS = Viewer()


def viewer_for(user: Any, event: Any = None, session: Session | None = None) -> Viewer:
    """The Viewer for a user (or an anonymous visitor); with `event`, a delegate's standing at that event,
    read through `session` (the request's by default)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    standing = participates = None
    if event is not None and user.role is Role.DELEGATE:
        session = session or db.session
        standing = session.scalar(select(Invitation.status).where(Invitation.event_id == event.id,
                                                                  Invitation.person_id == user.person_id))
        participates = standing is not None or session.get(EventOrganisation, (event.id, user.organisation_id or 0)
                                                           ) is not None
    return Viewer(role=user.role, user_id=user.id, person_id=user.person_id, organisation_id=user.organisation_id,
                  standing=standing, participates=participates)


def delegate_viewer(person: Any, standing: InvitationStatus | None = None) -> Viewer:
    """How a person invited as a delegate sees the event, whether or not they have an account yet; with their
    invitation's status as `standing`, someone who has left sees it from outside."""
    return Viewer(role=Role.DELEGATE, person_id=person.id, organisation_id=person.organisation_id, standing=standing)


def current_viewer(event: Any = None) -> Viewer:
    """The Viewer for this request (built once per event): pass the event whenever the page belongs to one."""
    viewers = g.setdefault("viewers", {})
    key = event.id if event is not None else None
    if key not in viewers:
        viewers[key] = viewer_for(current_user, event)
    return viewers[key]


def current_actor() -> Actor:
    """The audit actor for this request."""
    if current_user.is_authenticated:
        return Actor.of(current_user)
    return Actor(f"anonymous from {request.remote_addr}")


def link_is_the_credential(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view whose link is its whole credential (a personal calendar feed): it answers the same whoever is
    signed in in this browser, so its requests resume no sign-in session and make no two-factor check: the
    visitor is anonymous to it (auth/views.py)."""
    view.link_is_the_credential = True  # type: ignore[attr-defined]
    return view


def requires(question: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Views for signed-in users for whom `Viewer.<question>` is true; others are sent to sign in, or get 403."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not getattr(current_viewer(), question):
                abort(403)
            return view(*args, **kwargs)

        wrapped.required_permission = question  # type: ignore[attr-defined]
        return wrapped

    return decorate


organiser_only = requires("is_organiser")
staff_only = requires("is_staff")
secretariat_only = requires("is_secretariat")
check_in_only = requires("may_check_in")

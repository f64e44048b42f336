"""Who may see or do what: the one place that decides. Views, services and templates ask a Viewer."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import wraps
from typing import Any

from flask import abort, g, request
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import db
from ..agenda.models import AgendaSession, SessionStatus, Visibility
from ..audit import Actor
from ..commitments.models import Commitment, CommitmentVisibility
from ..invitations.models import Invitation, InvitationStatus
from .models import Role

STAFF = frozenset({Role.ORGANISER, Role.SECRETARIAT})


@dataclass(frozen=True)
class Viewer:
    """The visitor as the rules see them: role, person and organisation (all None when signed out)."""

    role: Role | None = None
    user_id: int | None = None
    person_id: int | None = None
    organisation_id: int | None = None
    standing: InvitationStatus | None = None  # a delegate's invitation at the event in question, when there is one

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
    def has_left(self) -> bool:
        """A delegate who declined, was revoked or passed their place on: outside the event from then on."""
        return self.is_delegate and self.standing is not None and self.standing.left

    @property
    def inside(self) -> bool:
        """Signed in and still part of the event: sees what participants see."""
        return self.signed_in and not self.has_left

    # ---- the event and its people ----
    may_manage_event = is_organiser
    may_manage_invitations = is_organiser
    may_manage_agenda = is_organiser
    may_manage_users = is_organiser
    may_see_outbox = is_organiser
    may_see_needs = is_organiser  # dietary and access needs are special-category data
    may_see_glance = is_organiser

    @property
    def may_see_delegate_list(self) -> bool:
        """The confidential list is for staff and accepted delegates (it shows only those who consented)."""
        return self.is_staff or (self.is_delegate and self.standing is InvitationStatus.ACCEPTED)

    @property
    def may_sign_up(self) -> bool:
        """Delegates choose sessions for themselves (whether their RSVP allows it is the service's rule)."""
        return self.is_delegate and not self.has_left

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
        """Public: everyone. Participants: the owning organisations and staff. Secretariat: staff only."""
        if self.is_staff or commitment.visibility is CommitmentVisibility.PUBLIC:
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
    standing = None
    if event is not None and user.role is Role.DELEGATE:
        standing = (session or db.session).scalar(select(Invitation.status).where(Invitation.event_id == event.id,
                                                                     Invitation.person_id == user.person_id))
    return Viewer(role=user.role, user_id=user.id, person_id=user.person_id, organisation_id=user.organisation_id,
                  standing=standing)


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

"""Commitments' due dates as VTODO calendars: the public feed and the private per-viewer feeds."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..auth.permissions import Viewer
from ..calendar import ics
from ..calendar.services import organizer
from ..events.models import Event
from ..links import external_url, site_host
from .models import Commitment, CommitmentStatus
from .services import commitments_for, commitments_visible_to

TODO_STATUS = {CommitmentStatus.DELIVERED: "COMPLETED", CommitmentStatus.VERIFIED: "COMPLETED",
               CommitmentStatus.WITHDRAWN: "CANCELLED", CommitmentStatus.IN_PROGRESS: "IN-PROCESS",
               CommitmentStatus.AT_RISK: "IN-PROCESS"}


def deadline(commitment: Commitment, event: Event) -> ics.Deadline:
    url = external_url("commitments.detail", slug=event.slug, reference=commitment.reference)
    return ics.Deadline(
        uid=f"commitment-{commitment.id}@{site_host()}", summary=f"{commitment.reference}: {commitment.title}",
        due=commitment.due_on, stamp=commitment.updated_at, last_modified=commitment.updated_at,
        status=TODO_STATUS.get(commitment.status, "NEEDS-ACTION"), percent=commitment.progress,
        description=f"{commitment.expectation.label}. Owners: {', '.join(o.name for o in commitment.organisations)}."
                    f"\n\nDetails: {url}", url=url, categories=(commitment.expectation.label,))


def commitments_calendar(event: Event, commitments: list[Commitment], name: str) -> bytes:
    items = [deadline(c, event) for c in commitments if c.due_on is not None]
    return ics.todos(ics.FeedInfo(name, organizer(event)), items)


def commitments_version(session: Session, event: Event) -> tuple[object, ...]:
    """What every commitments feed of this event depends on, in one query."""
    return tuple(session.execute(select(func.count(Commitment.id), func.max(Commitment.updated_at))
                                 .where(Commitment.event_id == event.id)).one())


def public_commitments_calendar(session: Session, event: Event) -> bytes:
    public = [c for c in commitments_for(session, event) if c.public]
    return commitments_calendar(event, public, f"{event.name}: commitments")


def private_commitments_calendar(session: Session, event: Event, viewer: Viewer) -> bytes:
    """The organisation's commitments (delegates) or all of them (staff)."""
    return commitments_calendar(event, commitments_visible_to(session, event, viewer),
                                f"{event.name}: our commitments")

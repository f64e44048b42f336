"""Which organisations take part in which event, with how many delegate seats there."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit, signals
from ..audit import Actor
from .models import Event, EventOrganisation, Organisation
from .services import EventError


def participation(session: Session, event_id: int, organisation_id: int) -> EventOrganisation | None:
    return session.get(EventOrganisation, (event_id, organisation_id))


def participations(session: Session, event: Event) -> list[EventOrganisation]:
    """The organisations taking part in the event, in name order."""
    return list(session.scalars(select(EventOrganisation).join(EventOrganisation.organisation)
                                .where(EventOrganisation.event_id == event.id).order_by(Organisation.name)))


def quotas(session: Session, event: Event) -> dict[int, int]:
    """organisation id -> its delegate seats at the event."""
    return dict(session.execute(select(EventOrganisation.organisation_id, EventOrganisation.delegate_quota)
                                .where(EventOrganisation.event_id == event.id)).all())


def takes_part(session: Session, event_id: int, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    return bool(session.scalar(select(func.count()).select_from(EventOrganisation).where(
        EventOrganisation.event_id == event_id, EventOrganisation.organisation_id == organisation_id)))


def join_event(session: Session, actor: Actor, event: Event, organisation: Organisation,
               delegate_quota: int | None = None) -> EventOrganisation:
    """The organisation takes part in the event (with its default seats unless told); no change if it already does."""
    existing = participation(session, event.id, organisation.id)
    if existing is not None:
        return existing
    quota = organisation.delegate_quota if delegate_quota is None else delegate_quota
    if quota < 0:
        raise EventError("The delegate quota cannot be negative.", field="delegate_quota")
    joined = EventOrganisation(event_id=event.id, organisation_id=organisation.id, delegate_quota=quota)
    session.add(joined)
    session.flush()
    audit.record(session, actor, "event_organisation.create", event,
                 after={"organisation_id": organisation.id, "delegate_quota": quota})
    return joined


def set_event_quota(session: Session, actor: Actor, event: Event, organisation: Organisation,
                    delegate_quota: int) -> EventOrganisation:
    """The organisation's seats at this event (it joins the event if it did not take part); a raised quota lets
    people in from the event's waiting list (signals.event_quota_changed)."""
    if delegate_quota < 0:
        raise EventError("The delegate quota cannot be negative.", field="delegate_quota")
    existing = participation(session, event.id, organisation.id)
    if existing is None:
        return join_event(session, actor, event, organisation, delegate_quota)
    if existing.delegate_quota == delegate_quota:
        return existing
    before = {"organisation_id": organisation.id, "delegate_quota": existing.delegate_quota}
    existing.delegate_quota = delegate_quota
    audit.record(session, actor, "event_organisation.update", event, before,
                 {"organisation_id": organisation.id, "delegate_quota": delegate_quota})
    signals.event_quota_changed.send(existing, session=session, actor=actor)
    return existing

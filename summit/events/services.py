"""The event, organisations and people: create and change them, always with an audit entry."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit, signals
from ..audit import Actor
from ..clock import to_utc, today_for, utcnow, valid_timezone
from ..errors import RuleBroken
from .models import Event, EventOrganisation, Organisation, OrganisationKind, Person, Series


class EventError(RuleBroken):
    """A rule about events, organisations or people was broken; the message says what to do."""


def normalise_email(email: str) -> str:
    """The address as people type it, checked for shape (no DNS look-up); raises EventError."""
    from email_validator import EmailNotValidError, validate_email  # imported by the first form with an address

    try:
        return validate_email(email.strip(), check_deliverability=False).normalized
    except EmailNotValidError as exc:
        raise EventError(f"{email.strip() or 'An empty value'} is not a valid email address: {exc}") from None


def get_event(session: Session, slug: str) -> Event | None:
    return session.scalar(select(Event).where(Event.slug == slug))


def current_event(session: Session, now: datetime | None = None) -> Event | None:
    """The event the site is about: the next one to end (one under way or coming), else the latest."""
    coming = session.scalar(select(Event).where(Event.ends_at >= (now or utcnow()))
                            .order_by(Event.ends_at, Event.id).limit(1))
    return coming or session.scalar(select(Event).order_by(Event.ends_at.desc(), Event.id.desc()).limit(1))


def _check_timezone(name: str) -> None:
    if valid_timezone(name) is None:
        raise EventError(f"{name} is not an IANA timezone such as America/Los_Angeles.")


def events_in_order(session: Session) -> list[Event]:
    """Every event, newest first (the event switcher)."""
    return list(session.scalars(select(Event).order_by(Event.starts_at.desc(), Event.id.desc())))


def find_or_create_series(session: Session, actor: Actor, name: str) -> Series:
    """The series with this name (ignoring case), made when new."""
    name = name.strip()
    if not name:
        raise EventError("A series needs a name.", field="series_name")
    series = session.scalar(select(Series).where(func.lower(Series.name) == name.lower()))
    if series is None:
        series = Series(name=name)
        session.add(series)
        session.flush()
        audit.record(session, actor, "series.create", series, after={"name": name})
    return series


def create_event(session: Session, actor: Actor, *, series: Series | None = None, **fields: Any) -> Event:
    """A new event, in `series` or else as the first meeting of a series of its own (named after it)."""
    _check_timezone(fields["timezone"])
    if fields["ends_at"] <= fields["starts_at"]:
        raise EventError("The event must end after it starts.", field="ends_at")
    if get_event(session, fields["slug"]) is not None:
        raise EventError(f"An event with the address {fields['slug']} already exists.", field="slug")
    if series is None:
        taken = session.scalar(select(Series).where(func.lower(Series.name) == fields["name"].strip().lower()))
        series = find_or_create_series(session, actor, fields["name"] if taken is None
                                       else f"{fields['name']} ({fields['slug']})")
    event = Event(**fields, series=series)
    session.add(event)
    session.flush()
    audit.record(session, actor, "event.create", event, after={**_event_fields(event), "series_id": series.id})
    return event


WALL_CLOCK_FIELDS = ("starts_at", "ends_at", "rsvp_deadline")
RESCHEDULING_FIELDS = ("starts_at", "ends_at", "venue", "city", "timezone")  # invitees' calendars must follow


def update_event_as_typed(session: Session, actor: Actor, event: Event, **fields: Any) -> list[str]:
    """Event settings as an organiser types them: the times are wall-clock times in the (new) timezone."""
    zone = valid_timezone(fields["timezone"].strip())
    if zone is None:
        raise EventError("Use an IANA timezone such as America/Los_Angeles.", field="timezone")
    fields["timezone"] = fields["timezone"].strip()
    fields.update({name: to_utc(fields[name], zone) for name in WALL_CLOCK_FIELDS if name in fields})
    return update_event(session, actor, event, **fields)


def update_event(session: Session, actor: Actor, event: Event, **fields: Any) -> list[str]:
    """Change the event; when its dates or venue change, its SEQUENCE rises and invitees are sent an update.
    Returns the names of the fields that changed."""
    _check_timezone(fields.get("timezone", event.timezone))
    starts, ends = fields.get("starts_at", event.starts_at), fields.get("ends_at", event.ends_at)
    if ends <= starts:
        raise EventError("The event must end after it starts.")
    before = _event_fields(event)
    for key, value in fields.items():
        setattr(event, key, value)
    after = _event_fields(event)
    changed = [key for key in after if before[key] != after[key]]
    if not changed:
        return []
    event.updated_at = utcnow()
    if set(RESCHEDULING_FIELDS) & set(changed):
        event.sequence += 1
        signals.event_rescheduled.send(event, session=session, actor=actor, changed=changed)
    audit.record(session, actor, "event.update", event, *audit.changes(before, after))
    return changed


def _event_fields(event: Event) -> dict[str, Any]:
    keys = ("slug", "name", "venue", "city", "timezone", "starts_at", "ends_at", "rsvp_deadline", "co_hosts",
            "description", "contact_email")
    return {key: getattr(event, key) for key in keys}


def find_organisation(session: Session, name: str) -> Organisation | None:
    return session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.strip().lower()))


def create_organisation(
    session: Session, actor: Actor, *, name: str, kind: OrganisationKind, delegate_quota: int
) -> Organisation:
    name = name.strip()
    if not name:
        raise EventError("An organisation needs a name.")
    if find_organisation(session, name) is not None:
        raise EventError(f"{name} already exists.")
    if delegate_quota < 0:
        raise EventError("The delegate quota cannot be negative.")
    organisation = Organisation(name=name, kind=kind, delegate_quota=delegate_quota)
    session.add(organisation)
    audit.record(session, actor, "organisation.create", organisation, after=_organisation_fields(organisation))
    return organisation


def update_organisation(
    session: Session, actor: Actor, organisation: Organisation, *, name: str, kind: OrganisationKind,
    delegate_quota: int,
) -> None:
    """Rename, reclassify or change the seat quota (a raised quota lets others in: signals.organisation_changed)."""
    other = find_organisation(session, name)
    if other is not None and other.id != organisation.id:
        raise EventError(f"{name} already exists.")
    if delegate_quota < 0:
        raise EventError("The delegate quota cannot be negative.")
    before = _organisation_fields(organisation)
    organisation.name, organisation.kind, organisation.delegate_quota = name.strip(), kind, delegate_quota
    audit.record(session, actor, "organisation.update", organisation,
                 *audit.changes(before, _organisation_fields(organisation)))
    signals.organisation_changed.send(organisation, session=session, actor=actor)


def _organisation_fields(organisation: Organisation) -> dict[str, Any]:
    return {"name": organisation.name, "kind": organisation.kind, "delegate_quota": organisation.delegate_quota}


def find_person(session: Session, email: str) -> Person | None:
    return session.scalar(select(Person).where(func.lower(Person.email) == email.strip().lower()))


def find_or_create_person(
    session: Session, actor: Actor, *, email: str, name: str | None, organisation_name: str | None = None,
    job_title: str = "",
) -> Person:
    """The person with this email, created when new (then a name is needed)."""
    email = normalise_email(email)
    person = find_person(session, email)
    if person is not None:
        return person
    if not name or not name.strip():
        raise EventError(f"{email} is new to Summit: give their name too.")
    organisation = None
    if organisation_name:
        organisation = find_organisation(session, organisation_name)
        if organisation is None:
            raise EventError(f"There is no organisation called {organisation_name}.")
    person = Person(name=name.strip(), email=email, job_title=job_title.strip(), organisation=organisation)
    session.add(person)
    audit.record(session, actor, "person.create", person,
                 after={"organisation_id": organisation.id if organisation else None})
    return person


def glance(session: Session, event: Event, now: datetime) -> dict[str, Any]:
    """The numbers on the organiser's home page."""
    return {
        "organisations": session.scalar(select(func.count()).select_from(EventOrganisation)
                                        .where(EventOrganisation.event_id == event.id)) or 0,
        "people": session.scalar(select(func.count(Person.id)).join(
            EventOrganisation, (EventOrganisation.organisation_id == Person.organisation_id)
            & (EventOrganisation.event_id == event.id))) or 0,
        "days_to_go": max((event.local(event.starts_at).date() - today_for(event, now)).days, 0),
        "rsvp_open": event.rsvp_open(now),
    }

"""Load the demo summit from seeds/*.json through the services; running it again changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from summit.audit import Actor
from summit.auth.models import Role
from summit.auth.services import create_user, find_user_by_email
from summit.clock import Zone, to_utc, today_for
from summit.events.models import Event, OrganisationKind
from summit.events.services import (
    create_event,
    create_organisation,
    find_or_create_person,
    find_or_create_series,
    find_organisation,
    find_person,
    get_event,
)

SEEDS = Path(__file__).resolve().parent
SEED_ACTOR = Actor("demo seed loader")



def read(name: str) -> dict[str, Any]:
    return json.loads((SEEDS / name).read_text(encoding="utf-8"))


def local_moment(zone: Zone, day: date, clock: str) -> datetime:
    """Wall-clock time on a day in a zone, as an aware UTC datetime."""
    return to_utc(datetime.combine(day, time.fromisoformat(clock)), zone)


def load_demo(session: Session, config: Mapping[str, Any], today: date | None = None) -> str:
    """Create whatever part of the demo summit is missing; return a one-line summary. Dates are relative to
    `today`, by default today at the demo event (in its timezone, not the server's)."""
    data = read("demo.json")
    today = today or today_for(data["event"]["timezone"])
    event = _event(session, data["event"], today)
    organisations = sum(_organisation(session, row) for row in data["organisations"])
    people = sum(_person(session, row) for row in data["people"])
    password = data["demo_password"] if config.get("SUMMIT_ENV") in ("development", "testing") else None
    accounts = sum(_account(session, row, password) for row in data["accounts"])
    session.commit()
    extra = [step(session, event, config, today) for step in feature_steps()]
    session.commit()
    parts = [f"{organisations} organisations", f"{people} people", f"{accounts} accounts", *extra]
    return "Demo summit loaded: added " + ", ".join(parts) + "."


def demo_event_times(spec: Mapping[str, Any], today: date) -> dict[str, datetime]:
    zone = spec["timezone"]
    first_day = today + timedelta(days=spec["starts_in_days"])
    last_day = first_day + timedelta(days=spec["days"] - 1)
    return {
        "starts_at": local_moment(zone, first_day, spec["start_time"]),
        "ends_at": local_moment(zone, last_day, spec["end_time"]),
        "rsvp_deadline": local_moment(zone, today + timedelta(days=spec["rsvp_deadline_in_days"]),
                                      spec["rsvp_deadline_time"]),
    }


def _event(session: Session, spec: dict[str, Any], today: date) -> Event:
    existing = get_event(session, spec["slug"])
    if existing is not None:
        return existing
    fields = {k: spec[k] for k in ("slug", "name", "venue", "city", "timezone", "co_hosts", "description",
                                   "contact_email")}
    series = find_or_create_series(session, SEED_ACTOR, spec["series"]) if spec.get("series") else None
    return create_event(session, SEED_ACTOR, series=series, **fields, **demo_event_times(spec, today))


def _organisation(session: Session, row: dict[str, Any]) -> int:
    if find_organisation(session, row["name"]) is not None:
        return 0
    create_organisation(session, SEED_ACTOR, name=row["name"], kind=OrganisationKind(row["kind"]),
                        delegate_quota=row["delegate_quota"])
    return 1


def _person(session: Session, row: dict[str, Any]) -> int:
    if find_person(session, row["email"]) is not None:
        return 0
    find_or_create_person(session, SEED_ACTOR, email=row["email"], name=row["name"],
                          organisation_name=row["organisation"], job_title=row["job_title"])
    return 1


def _account(session: Session, row: dict[str, Any], password: str | None) -> int:
    if find_user_by_email(session, row["email"]) is not None:
        return 0
    create_user(session, SEED_ACTOR, email=row["email"], role=Role(row["role"]), password=password)
    return 1


def feature_steps() -> list[Callable[..., str]]:
    """Each feature's seed step, (session, event, config, today) -> summary, in the order they depend on."""
    from .agenda import seed_agenda
    from .commitments import seed_commitments
    from .documents import seed_documents
    from .invitations import seed_invitations
    from .questions import seed_questions
    from .series import seed_series

    return [seed_invitations, seed_agenda, seed_commitments, seed_documents, seed_questions, seed_series]


def demo_sign_ins(config: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(role, email, password) for the README and `make run`."""
    data = read("demo.json")
    return [(row["role"], row["email"], data["demo_password"]) for row in data["accounts"]]

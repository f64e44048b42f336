"""Invite many people from a CSV file: check every row first; one bad row and nothing is imported."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import Actor
from ..csvio import read_csv
from ..events.models import Event, Organisation, OrganisationKind, Person
from ..events.services import EventError, create_organisation, normalise_email
from .models import Invitation
from .services import InvitationError, invite

COLUMNS = ("name", "email", "organisation", "job_title")


@dataclass
class ImportPlan:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def plan_import(session: Session, event: Event, data: bytes, create_organisations: bool = False) -> ImportPlan:
    """Read and check the whole file; every problem is listed with its line number."""
    parsed = read_csv(data, COLUMNS)
    plan = ImportPlan(problems=list(parsed.problems))
    known_orgs = {name.lower(): name for name in session.scalars(select(Organisation.name))}
    invited = set(session.scalars(
        select(func.lower(Person.email)).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.event_id == event.id)
    ))
    seen: dict[str, int] = {}
    new_orgs: dict[str, str] = {}
    for line, row in parsed.rows:
        problems = [f"{column.replace('_', ' ')} is missing" for column in COLUMNS if not row.get(column)]
        if row.get("email"):
            try:
                row["email"] = normalise_email(row["email"])
            except EventError:
                problems.append(f"{row['email']} is not a valid email address")
            key = row["email"].lower()
            if key in seen:
                problems.append(f"{row['email']} appears twice (also on line {seen[key]})")
            elif key in invited:
                problems.append(f"{row['email']} is already invited")
            seen.setdefault(key, line)
        organisation = row.get("organisation", "")
        if organisation and organisation.lower() not in known_orgs:
            if create_organisations:
                new_orgs.setdefault(organisation.lower(), organisation)
            else:
                problems.append(f"there is no organisation called {organisation}")
        for problem in problems:
            plan.problems.append(f"Line {line}: {problem}.")
        row["organisation"] = known_orgs.get(organisation.lower(), organisation)
        plan.rows.append(row)
    plan.new_organisations = sorted(new_orgs.values())
    return plan


def run_import(session: Session, actor: Actor, event: Event, plan: ImportPlan, send: bool = True,
               default_quota: int = 2) -> list[Invitation]:
    """Create the organisations and invitations of a checked plan, all in the caller's transaction."""
    if not plan.ok:
        raise InvitationError("The file has problems; nothing was imported.")
    for name in plan.new_organisations:
        create_organisation(session, actor, name=name, kind=OrganisationKind.COMPANY, delegate_quota=default_quota)
    return [
        invite(session, actor, event, name=row["name"], email=row["email"], organisation_name=row["organisation"],
               job_title=row["job_title"], send=send)
        for row in plan.rows
    ]

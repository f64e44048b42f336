"""Invite many people from a CSV file: every row checked first with the web page's invite form, then against the
invitations already made; one bad row and nothing is imported."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import Actor
from ..csvio import read_csv
from ..events.models import Event, OrganisationKind, Person
from ..events.services import EventError, create_organisation, normalise_email
from ..imports import form_problems, row_form
from .forms import InviteForm, organisation_choices
from .models import Invitation
from .services import InvitationError, invite

COLUMNS = ("name", "email", "organisation", "job_title")  # the invite form's own field names


@dataclass
class ImportPlan:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each row's line in the file

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


@dataclass
class _Known:
    """What rows are checked against: the organisations, who is invited already, and what earlier rows held."""

    organisations: dict[str, str]  # lower-case name -> name
    invited: set[str]  # lower-case emails
    create_organisations: bool
    seen: dict[str, int] = field(default_factory=dict)  # lower-case email -> first line
    new_organisations: dict[str, str] = field(default_factory=dict)

    def email_problems(self, line: int, email: str) -> list[str]:
        key = email.lower()
        first = self.seen.setdefault(key, line)
        if first != line:
            return [f"{email} appears twice (also on line {first})"]
        return [f"{email} is already invited"] if key in self.invited else []

    def organisation_problems(self, name: str) -> list[str]:
        if not name or name.lower() in self.organisations:
            return []
        if self.create_organisations:
            self.new_organisations.setdefault(name.lower(), name)
            return []
        return [f"there is no organisation called {name}"]


def plan_import(session: Session, event: Event, data: bytes, create_organisations: bool = False) -> ImportPlan:
    """Read and check the whole file; every problem is listed with its line number."""
    parsed = read_csv(data, COLUMNS)
    plan = ImportPlan(problems=list(parsed.problems))
    choices = organisation_choices(session)
    known = _Known({c.value.lower(): c.value for c in choices if c.value}, set(session.scalars(
        select(func.lower(Person.email)).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.event_id == event.id))), create_organisations)
    for line, row in parsed.rows:
        form = row_form(InviteForm, row)
        form.organisation.choices = choices
        problems = [] if form.validate() else form_problems(form)
        if not form.email.errors:
            row["email"] = normalise_email(row["email"])
            problems += known.email_problems(line, row["email"])
        problems += known.organisation_problems(row["organisation"])
        plan.problems += [f"Line {line}: {problem}." for problem in problems]
        row["organisation"] = known.organisations.get(row["organisation"].lower(), row["organisation"])
        plan.rows.append(row)
        plan.lines.append(line)
    plan.new_organisations = sorted(known.new_organisations.values())
    return plan


def run_import(session: Session, actor: Actor, event: Event, plan: ImportPlan, send: bool = True,
               default_quota: int = 2) -> list[Invitation]:
    """Create the organisations and invitations of a checked plan, all in the caller's transaction."""
    if not plan.ok:
        raise InvitationError("The file has problems; nothing was imported.")
    for name in plan.new_organisations:
        create_organisation(session, actor, name=name, kind=OrganisationKind.COMPANY, delegate_quota=default_quota)
    created = []
    for line, row in zip(plan.lines, plan.rows, strict=True):
        try:
            created.append(invite(session, actor, event, name=row["name"], email=row["email"],
                                  organisation_name=row["organisation"], job_title=row["job_title"], send=send))
        except (InvitationError, EventError) as exc:
            raise InvitationError(f"Line {line}: {exc}") from None
    return created

"""Invite many people from a CSV file: every row checked first with the web page's invite form, then against the
invitations already made; one bad row and nothing is imported."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..audit import Actor
from ..csvio import read_csv
from ..events.models import Event, EventOrganisation, Organisation, OrganisationKind, Person
from ..events.services import create_organisation, normalise_email
from ..imports import form_problems, row_form
from .batch import Invitee, invite_many
from .forms import InviteForm, organisation_choices
from .models import LEFT_STATES, Invitation
from .services import InvitationError

COLUMNS = ("name", "email", "organisation", "job_title")  # the invite form's own field names
DEFAULT_QUOTA = 2  # seats of an organisation the import creates
TEMPLATE = ("name,email,organisation,job title\r\n"
            "Ada Example,ada@example.org,Example Ltd,Head of Trust and Safety\r\n")


@dataclass
class ImportPlan:
    rows: list[dict[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    new_organisations: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)  # each row's line in the file
    skipped: list[str] = field(default_factory=list)  # emails already invited, left out on request
    warnings: list[str] = field(default_factory=list)  # allowed, but worth knowing (seat quotas)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


@dataclass
class _Known:
    """What rows are checked against: the organisations, who is invited already, and what earlier rows held."""

    organisations: dict[str, str]  # lower-case name -> name
    invited: set[str]  # lower-case emails
    create_organisations: bool
    skip_invited: bool = False
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


def plan_import(session: Session, event: Event, data: bytes, create_organisations: bool = False,
                skip_invited: bool = False) -> ImportPlan:
    """Read and check the whole file; every problem is listed with its line number. With `skip_invited`, people
    already invited are left out (and listed) instead of stopping the import."""
    parsed = read_csv(data, COLUMNS)
    plan = ImportPlan(problems=list(parsed.problems))
    choices = organisation_choices(session)
    known = _Known({c.value.lower(): c.value for c in choices if c.value}, set(session.scalars(
        select(func.lower(Person.email)).join(Invitation, Invitation.person_id == Person.id)
        .where(Invitation.event_id == event.id))), create_organisations, skip_invited)
    for line, row in parsed.rows:
        if skip_invited and normalise_email(row.get("email", "")).lower() in known.invited:
            plan.skipped.append(normalise_email(row["email"]))
            continue
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
    plan.warnings = quota_warnings(session, event, plan.rows)
    return plan


def quota_warnings(session: Session, event: Event, rows: list[dict[str, str]]) -> list[str]:
    """Organisations that would have more live invitations than seats: allowed (the rest wait in line), but the
    organiser should know before sending."""
    adding = Counter(row["organisation"].lower() for row in rows if row.get("organisation"))
    if not adding:
        return []
    organisations = {o.name.lower(): o for o in session.scalars(select(Organisation))}
    live = dict(session.execute(
        select(Invitation.organisation_id, func.count(Invitation.id))
        .where(Invitation.event_id == event.id, Invitation.status.not_in(LEFT_STATES))
        .group_by(Invitation.organisation_id)).all())
    seats = dict(session.execute(select(EventOrganisation.organisation_id, EventOrganisation.delegate_quota)
                                 .where(EventOrganisation.event_id == event.id)).all())
    warnings = []
    for key, count in sorted(adding.items()):
        organisation = organisations.get(key)
        # its seats at this event; one not yet taking part joins with the seats it starts with
        quota = seats.get(organisation.id, organisation.delegate_quota) if organisation else DEFAULT_QUOTA
        total = count + (live.get(organisation.id, 0) if organisation else 0)
        if total > quota:
            name = organisation.name if organisation else next(r["organisation"] for r in rows
                                                                 if r["organisation"].lower() == key)
            warnings.append(f"{name} would have {total} invitations for {quota} seats: if more than {quota} "
                            "accept, the rest go on its waiting list.")
    return warnings


def run_import(session: Session, actor: Actor, event: Event, plan: ImportPlan, send: bool = True,
               default_quota: int = DEFAULT_QUOTA) -> list[Invitation]:
    """Create the organisations and invitations of a checked plan, all in the caller's transaction."""
    if not plan.ok:
        raise InvitationError("The file has problems; nothing was imported.")
    for name in plan.new_organisations:
        create_organisation(session, actor, name=name, kind=OrganisationKind.COMPANY, delegate_quota=default_quota)
    session.flush()
    # The plan already checked every email against the event and the file, and invite_many flushes what it adds,
    # so the lookups need no autoflush of their own.
    with session.no_autoflush:
        return _invite_rows(session, actor, event, plan, send)


def _invite_rows(session: Session, actor: Actor, event: Event, plan: ImportPlan, send: bool) -> list[Invitation]:
    invitees = [Invitee(line, row["name"], row["email"], row["organisation"], row["job_title"])
                for line, row in zip(plan.lines, plan.rows, strict=True)]
    return invite_many(session, actor, event, invitees, send=send)

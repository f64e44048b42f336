"""CSV import that creates or updates commitments by reference: every row checked with the web page's commitment
form, then against the commitments it changes; a dry run first, then all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from ..audit import Actor
from ..csvio import read_csv
from ..events.models import Event, Organisation
from ..forms import options
from ..imports import cells, choice_value, form_problems, row_form
from .forms import (
    CURRENCIES,
    EXPECTATIONS,
    PLEDGE_KINDS,
    RAGS,
    VISIBILITIES,
    CommitmentForm,
    CommitmentOptions,
    fields_from,
)
from .models import Commitment, CommitmentStatus
from .rules import transition_problem
from .services import CommitmentError, CommitmentFields, create_commitment, find_commitment, update_commitment

REQUIRED = ("reference", "title", "expectation", "owners", "lead", "status", "due_on")
OPTIONAL = ("contact_email", "progress", "rag", "rag_reason", "agreed_on", "visibility", "description",
            "pledge_amount", "pledge_currency", "pledge_kind",
            "delivered_on", "overdue")  # the last two are derived: read, never applied
COLUMNS = {"lead_organisation_id": "lead", "organisation_ids": "owners"}  # form fields named by their CSV column
DATE = "a date like 2027-06-30"
HINTS = {"due_on": DATE, "agreed_on": DATE, "status": "a commitment is verified on its page, with its evidence"}
DEFAULTS = {"progress": "0", "rag": "green", "visibility": "public"}  # for empty or absent optional cells
ANY_STATUS = options((s.value, s.label) for s in CommitmentStatus)  # read any; the form says which may be set


@dataclass
class CommitmentPlan:
    rows: list[tuple[str, CommitmentFields]] = field(default_factory=list)  # (reference, fields)
    problems: list[str] = field(default_factory=list)
    creates: int = 0
    updates: int = 0
    lines: list[int] = field(default_factory=list)  # each row's line in the file

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _owners(lead: str, owners: str, organisations: dict[str, Organisation],
            ) -> tuple[Organisation | None, list[Organisation], list[str]]:
    """The lead and the owners the cells name (owners separated by ;), and the names that match nothing."""
    names = [name.strip() for name in owners.split(";") if name.strip()]
    unknown = [name for name in [*names, lead] if name and name.lower() not in organisations]
    problems = [f"there is no organisation called {name}" for name in dict.fromkeys(unknown)]
    problems += [] if lead else ["lead: This field is required"]
    found = [organisations[name.lower()] for name in names if name.lower() in organisations]
    return organisations.get(lead.lower()), found, problems


def _form_values(row: dict[str, str], organisations: dict[str, Organisation]) -> tuple[dict, list[str]]:
    """The row as the commitment form's fields (as a browser would post them), and the names that match nothing."""
    cell = cells(row, (*REQUIRED, *OPTIONAL), DEFAULTS)
    lead, owners, problems = _owners(cell["lead"], cell["owners"], organisations)
    values = {
        "title": cell["title"], "expectation": choice_value(EXPECTATIONS, cell["expectation"]),
        "lead_organisation_id": str(lead.id) if lead else [],  # [] posts nothing: the problem is named above
        "organisation_ids": [str(o.id) for o in owners],
        "status": choice_value(ANY_STATUS, cell["status"]), "progress": cell["progress"],
        "rag": choice_value(RAGS, cell["rag"]), "rag_reason": cell["rag_reason"], "due_on": cell["due_on"],
        "agreed_on": cell["agreed_on"], "visibility": choice_value(VISIBILITIES, cell["visibility"]),
        "contact_email": cell["contact_email"], "description": cell["description"], "session_id": "0",
        "pledge_amount": cell["pledge_amount"], "pledge_currency": choice_value(CURRENCIES, cell["pledge_currency"]),
        "pledge_kind": choice_value(PLEDGE_KINDS, cell["pledge_kind"]),
    }
    return values, problems


def _reference_problems(reference: str, line: int, seen: dict[str, int]) -> list[str]:
    """Each row names the commitment it creates or updates, once."""
    if not reference:
        return ["reference: This field is required"]
    first = seen.setdefault(reference, line)
    return [f"reference {reference} appears twice (also on line {first})"] if first != line else []


def _rule_problems(existing: Commitment | None, form: CommitmentForm) -> list[str]:
    """The service's rule on status changes, checked for the dry run on what the form read."""
    if existing is None or form.status.errors or not form.status.data:
        return []
    problem = transition_problem(existing.status, CommitmentStatus(form.status.data), secretariat=True)
    return [problem.rstrip(".")] if problem else []


def plan_commitments(session: Session, event: Event, data: bytes) -> CommitmentPlan:
    """Read and check the whole file; every problem is listed with its line number."""
    parsed = read_csv(data, REQUIRED, OPTIONAL)
    plan = CommitmentPlan(problems=list(parsed.problems))
    offered = CommitmentOptions.load(session, event)
    organisations = {o.name.lower(): o for o in offered.organisations}
    seen: dict[str, int] = {}
    for line, row in parsed.rows:
        reference = row["reference"].upper()
        existing = find_commitment(session, event, reference) if reference else None
        values, unknown = _form_values(row, organisations)
        form = offered.fill(row_form(CommitmentForm, values), existing.status if existing else None)
        fields = None
        problems = _reference_problems(reference, line, seen)
        try:
            fields = fields_from(session, form) if form.validate() else None
        except CommitmentError as exc:  # the contact's email names nobody
            problems.append(str(exc).rstrip("."))
        problems += form_problems(form, COLUMNS, HINTS) + unknown + _rule_problems(existing, form)
        plan.problems += [f"Line {line}: {problem}." for problem in problems]
        if fields is not None and not problems:
            plan.rows.append((reference, fields))
            plan.lines.append(line)
            plan.updates += existing is not None
            plan.creates += existing is None
    return plan


def run_commitment_import(session: Session, actor: Actor, event: Event, plan: CommitmentPlan) -> tuple[int, int]:
    """Apply a checked plan; returns (created, changed)."""
    if not plan.ok:
        raise CommitmentError("The file has problems; nothing was imported.")
    created = changed = 0
    for line, (reference, fields) in zip(plan.lines, plan.rows, strict=True):
        existing: Commitment | None = find_commitment(session, event, reference)
        try:
            if existing is None:
                create_commitment(session, actor, event, fields, reference=reference)
                created += 1
            else:
                fields.session_id = existing.session_id
                changed += update_commitment(session, actor, existing, fields)
        except CommitmentError as exc:
            raise CommitmentError(f"Line {line}: {exc}") from None
    return created, changed

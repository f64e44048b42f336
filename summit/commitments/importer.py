"""CSV import that creates or updates commitments by reference: a dry run first, then all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..audit import Actor
from ..csvio import read_csv
from ..events.models import Event, Organisation
from ..events.services import find_person
from .models import Commitment, CommitmentStatus, CommitmentVisibility, Expectation, Rag
from .rules import transition_problem
from .services import CommitmentError, CommitmentFields, create_commitment, find_commitment, update_commitment

REQUIRED = ("reference", "title", "expectation", "owners", "lead", "status", "due_on")
OPTIONAL = ("contact_email", "progress", "rag", "rag_reason", "agreed_on", "visibility", "description",
            "delivered_on", "overdue")  # the last two are derived: read, never applied


@dataclass
class CommitmentPlan:
    rows: list[tuple[str, CommitmentFields]] = field(default_factory=list)  # (reference, fields)
    problems: list[str] = field(default_factory=list)
    creates: int = 0
    updates: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _enum(kind, value: str, problems: list[str], name: str):
    try:
        return kind(value.strip().lower().replace(" ", "_"))
    except ValueError:
        problems.append(f"{name} {value!r} is not one of {', '.join(k.value for k in kind)}")
        return None


def _date(value: str, problems: list[str], name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        problems.append(f"{name} must be a date like 2027-06-30, not {value!r}")
        return None


def plan_commitments(session: Session, event: Event, data: bytes) -> CommitmentPlan:
    parsed = read_csv(data, REQUIRED, OPTIONAL)
    plan = CommitmentPlan(problems=list(parsed.problems))
    organisations = {o.name.lower(): o for o in session.scalars(select(Organisation))}
    seen: dict[str, int] = {}
    for line, row in parsed.rows:
        problems = [f"{c.replace('_', ' ')} is missing" for c in ("reference", "title", "expectation", "owners",
                                                                   "lead", "status") if not row.get(c)]
        reference = row.get("reference", "").upper()
        if reference in seen:
            problems.append(f"reference {reference} appears twice (also on line {seen[reference]})")
        seen.setdefault(reference, line)
        expectation = _enum(Expectation, row.get("expectation", ""), problems, "expectation")
        status = _enum(CommitmentStatus, row.get("status", ""), problems, "status")
        rag = _enum(Rag, row.get("rag") or "green", problems, "rag")
        visibility = _enum(CommitmentVisibility, row.get("visibility") or "public", problems, "visibility")
        owners = [name.strip() for name in row.get("owners", "").split(";") if name.strip()]
        unknown = [name for name in owners + [row.get("lead", "")] if name and name.lower() not in organisations]
        problems += [f"there is no organisation called {name}" for name in dict.fromkeys(unknown)]
        contact = None
        if row.get("contact_email"):
            contact = find_person(session, row["contact_email"])
            if contact is None:
                problems.append(f"contact {row['contact_email']} is not known to Summit")
        progress = row.get("progress") or "0"
        if not progress.isdigit() or int(progress) > 100:
            problems.append("progress must be a whole number from 0 to 100")
        due_on, agreed_on = _date(row.get("due_on", ""), problems, "due on"), _date(row.get("agreed_on", ""),
                                                                                    problems, "agreed on")
        existing = find_commitment(session, event, reference) if reference else None
        if existing is not None and status is not None:
            if status is CommitmentStatus.VERIFIED and existing.status is not CommitmentStatus.VERIFIED:
                problems.append("verify a commitment on its page, with its evidence, not by import")
            elif problem := transition_problem(existing.status, status, secretariat=True):
                problems.append(problem.rstrip("."))
        elif status is CommitmentStatus.VERIFIED:
            problems.append("a new commitment cannot start verified")
        plan.problems += [f"Line {line}: {p}." for p in problems]
        if not problems:
            lead = organisations[row["lead"].lower()]
            plan.rows.append((reference, CommitmentFields(
                title=row["title"], expectation=expectation, lead_organisation_id=lead.id,
                organisation_ids=[organisations[n.lower()].id for n in owners], description=row.get("description", ""),
                contact_person_id=contact.id if contact else None, agreed_on=agreed_on, due_on=due_on,
                visibility=visibility, status=status, progress=int(progress), rag=rag,
                rag_reason=row.get("rag_reason", ""))))
            plan.updates += existing is not None
            plan.creates += existing is None
    return plan


def run_commitment_import(session: Session, actor: Actor, event: Event, plan: CommitmentPlan) -> tuple[int, int]:
    """Apply a checked plan; returns (created, changed)."""
    if not plan.ok:
        raise CommitmentError("The file has problems; nothing was imported.")
    created = changed = 0
    for reference, fields in plan.rows:
        existing: Commitment | None = find_commitment(session, event, reference)
        if existing is None:
            create_commitment(session, actor, event, fields, reference=reference)
            created += 1
        else:
            fields.session_id = existing.session_id
            changed += update_commitment(session, actor, existing, fields)
    return created, changed

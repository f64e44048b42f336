"""The transparency report and the secretariat's dashboard: grouped data, chart series, CSV and JSON."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..clock import today_for
from ..csvio import write_csv
from ..events.models import Event
from .matrix import Matrix, build_matrix, matrix_version
from .models import (
    Commitment,
    CommitmentStatus,
    Currency,
    Expectation,
    PledgeKind,
    ProgressUpdate,
    Tool,
    ToolAdoption,
    UpdateState,
)
from .rules import is_overdue
from .services import commitments_for
from .tools import tools_for


@dataclass
class Report:
    event: Event
    as_of: date
    commitments: list[Commitment]
    evidence: dict[int, list[str]]  # accepted evidence links by commitment id
    tools: list[Any]
    matrix: Matrix

    def overdue(self, commitment: Commitment) -> bool:
        return is_overdue(commitment.status, commitment.due_on, self.as_of)

    def by_expectation(self) -> list[tuple[Expectation, list[Commitment]]]:
        groups = defaultdict(list)
        for c in self.commitments:
            groups[c.expectation].append(c)
        return [(e, groups[e]) for e in Expectation if groups[e]]

    def by_organisation(self) -> list[tuple[str, list[Commitment]]]:
        groups = defaultdict(list)
        for c in self.commitments:
            for organisation in c.organisations:
                groups[organisation.name].append(c)
        return sorted(groups.items(), key=lambda item: item[0].lower())

    def status_by_organisation(self) -> list[tuple[str, Counter]]:
        return [(name, Counter(c.status.value for c in items)) for name, items in self.by_organisation()]

    def status_counts(self) -> Counter:
        return Counter(c.status for c in self.commitments)

    def delivered_over_time(self) -> list[tuple[str, int]]:
        """Cumulative delivered (or verified) commitments by month."""
        months = Counter(c.delivered_on.strftime("%Y-%m") for c in self.commitments
                         if c.delivered_on and c.status in (CommitmentStatus.DELIVERED, CommitmentStatus.VERIFIED))
        total, series = 0, []
        for month in sorted(months):
            total += months[month]
            series.append((month, total))
        return series

    def overdue_list(self) -> list[Commitment]:
        return [c for c in self.commitments if self.overdue(c)]

    def at_risk_list(self) -> list[Commitment]:
        return [c for c in self.commitments if c.status is CommitmentStatus.AT_RISK or c.rag.value == "red"]

    def pledges(self) -> list[Commitment]:
        """Commitments that pledge money and still stand (a withdrawn pledge counts for nothing)."""
        return [c for c in self.commitments
                if c.pledge_amount is not None and c.status is not CommitmentStatus.WITHDRAWN]

    def pledge_totals(self) -> list[tuple[Currency, Decimal, list[Decimal | None]]]:
        """(currency, total, [total of each PledgeKind or None]) for each currency pledged in: never converted."""
        totals: dict[Currency, dict[PledgeKind, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for c in self.pledges():
            totals[c.pledge_currency][c.pledge_kind] += c.pledge_amount
        return [(cur, sum(totals[cur].values(), Decimal(0)), [totals[cur].get(kind) for kind in PledgeKind])
                for cur in Currency if cur in totals]

    def pledges_by_organisation(self) -> list[tuple[str, list[tuple[Currency, Decimal]]]]:
        """Each pledging (lead) organisation's totals, one per currency."""
        totals: dict[str, dict[Currency, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        for c in self.pledges():
            totals[c.lead_organisation.name][c.pledge_currency] += c.pledge_amount
        return [(name, [(cur, totals[name][cur]) for cur in Currency if cur in totals[name]])
                for name in sorted(totals, key=str.lower)]


def report_version(session: Session, event: Event, now: datetime | None = None) -> tuple[object, ...]:
    """What the public report depends on, in one cheap query; with today's date, since overdue turns daily."""

    updates = select(func.max(ProgressUpdate.reviewed_at)).join(ProgressUpdate.commitment).where(
        Commitment.event_id == event.id).scalar_subquery()
    tools = select(func.count(Tool.id) + func.count(ToolAdoption.id)).select_from(Tool).outerjoin(
        ToolAdoption, ToolAdoption.tool_id == Tool.id).where(Tool.event_id == event.id).scalar_subquery()
    row = session.execute(select(func.count(Commitment.id), func.max(Commitment.updated_at), updates, tools)
                          .where(Commitment.event_id == event.id)).one()
    return (*row, today_for(event, now), event.updated_at, *matrix_version(session, event))


def build_report(session: Session, event: Event, *, public_only: bool, now: datetime | None = None) -> Report:
    """Everything the report shows, in a fixed number of queries."""
    commitments = [c for c in commitments_for(session, event)
                   if not public_only or c.public]
    ids = [c.id for c in commitments]
    evidence: dict[int, list[str]] = defaultdict(list)
    if ids:
        rows = session.execute(select(ProgressUpdate.commitment_id, ProgressUpdate.evidence).where(
            ProgressUpdate.commitment_id.in_(ids), ProgressUpdate.state == UpdateState.ACCEPTED)
            .order_by(ProgressUpdate.posted_at)).all()
        for commitment_id, links in rows:
            evidence[commitment_id] += [line for line in links.splitlines() if line.strip()]
    tools = [t for t in tools_for(session, event)
             if not public_only or all(c.public for c in t.commitments)]
    return Report(event, today_for(event, now), commitments, dict(evidence), tools,
                  build_matrix(session, event, commitments))


EXPORT_COLUMNS = ("reference", "title", "expectation", "owners", "lead", "contact email", "status", "progress",
                  "rag", "rag reason", "agreed on", "due on", "delivered on", "overdue", "visibility", "description",
                  "pledge amount", "pledge currency", "pledge kind")


def _row(report: Report, c: Commitment) -> dict[str, Any]:
    return {
        "reference": c.reference, "title": c.title, "expectation": c.expectation.value,
        "owners": "; ".join(o.name for o in c.organisations), "lead": c.lead_organisation.name,
        "contact email": c.contact_person.email if c.contact_person else "", "status": c.status.value,
        "progress": c.progress, "rag": c.rag.value, "rag reason": c.rag_reason,
        "agreed on": c.agreed_on.isoformat() if c.agreed_on else "",
        "due on": c.due_on.isoformat() if c.due_on else "",
        "delivered on": c.delivered_on.isoformat() if c.delivered_on else "",
        "overdue": "yes" if report.overdue(c) else "no", "visibility": c.visibility.value,
        "description": c.description,
        "pledge amount": str(c.pledge_amount) if c.pledge_amount is not None else "",
        "pledge currency": c.pledge_currency.value if c.pledge_currency else "",
        "pledge kind": c.pledge_kind.value if c.pledge_kind else "",
    }


def _readable(report: Report, c: Commitment) -> dict[str, Any]:
    """A row in the words people read (the public CSV): labels, not codes; no rating for a withdrawn commitment;
    the accepted evidence links."""
    withdrawn = c.status is CommitmentStatus.WITHDRAWN
    return {**_row(report, c), "expectation": c.expectation.label, "status": c.status.label,
            "rag": "" if withdrawn else c.rag.value.capitalize(), "rag reason": "" if withdrawn else c.rag_reason,
            "visibility": c.visibility.label, "evidence": " ".join(report.evidence.get(c.id, [])),
            "pledge kind": c.pledge_kind.label if c.pledge_kind else ""}


def report_csv(report: Report, public: bool = True) -> str:
    """The public report's CSV (readable words, with evidence), or the secretariat's export, which the importer
    reads back unchanged (codes)."""
    if public:
        columns = [col for col in EXPORT_COLUMNS if col != "contact email"] + ["evidence"]
        return write_csv(columns, ([_readable(report, c)[col] for col in columns] for c in report.commitments))
    return write_csv(EXPORT_COLUMNS, ([_row(report, c)[col] for col in EXPORT_COLUMNS] for c in report.commitments))


def report_json(report: Report, public: bool = True) -> dict[str, Any]:
    def item(c: Commitment) -> dict[str, Any]:
        row = _row(report, c)
        if public:
            row.pop("contact email")
        return {**{k.replace(" ", "_"): v for k, v in row.items()}, "overdue": report.overdue(c),
                "owners": [o.name for o in c.organisations], "evidence": report.evidence.get(c.id, []),
                "milestones": [{"title": m.title, "due_on": m.due_on.isoformat() if m.due_on else None,
                                "done_on": m.done_on.isoformat() if m.done_on else None} for m in c.milestones]}

    return {
        "event": {"slug": report.event.slug, "name": report.event.name},
        "as_of": report.as_of.isoformat(),
        "commitments": [item(c) for c in report.commitments],
        "pledges": {"by_currency": {currency.value: str(total) for currency, total, _ in report.pledge_totals()},
                    "by_organisation": {name: {currency.value: str(total) for currency, total in totals}
                                        for name, totals in report.pledges_by_organisation()}},
        "tools": [{"name": t.name, "owner": t.owner.name, "status": t.status.value, "licence": t.licence,
                   "available_on": t.available_on.isoformat() if t.available_on else None,
                   "commitments": [c.reference for c in t.commitments],
                   "adopted_by": [{"organisation": a.organisation.name, "on": a.adopted_on.isoformat()}
                                  for a in t.adoptions]} for t in report.tools],
    }


def export_commitments(session: Session, actor: Actor, event: Event, kind: str) -> Report:
    """Every commitment, for the secretariat's export; who took it, and in which format, goes to the audit log."""
    audit.record(session, actor, "commitment.export", event, after={"format": kind})
    return build_report(session, event, public_only=False)

"""Who committed to what: invited organisations (rows) by the five expectations and "offer tools free" (columns),
and the organisations that were invited and have made no public commitment."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import distinct, func, select
from sqlalchemy.orm import Session

from ..events.models import Event, Organisation
from ..invitations.models import Invitation
from ..outcome.models import DEFAULT_NO_COMMITMENT, OutcomeStatement
from .models import Commitment, CommitmentStatus, Expectation

COLUMNS = (Expectation.BLOCK_ON_UPLOAD, Expectation.STOP_GROOMING, Expectation.LIVE_STREAMING,
           Expectation.HELP_LAW_ENFORCEMENT, Expectation.SHARE_PRACTICE, Expectation.OFFER_TOOLS_FREE)


@dataclass(frozen=True)
class Cell:
    commitments: tuple[Commitment, ...]

    @property
    def count(self) -> int:
        return len(self.commitments)

    def statuses(self) -> list[tuple[str, int]]:
        """(status label, how many), in the order of the statuses."""
        counts = Counter(c.status for c in self.commitments)
        return [(status.label, counts[status]) for status in CommitmentStatus if counts[status]]

    def summary(self) -> str:
        """e.g. "2 (1 Agreed, 1 Delivered)", or "—" for none."""
        if not self.commitments:
            return "—"
        return f"{self.count} ({', '.join(f'{n} {label}' for label, n in self.statuses())})"


@dataclass(frozen=True)
class Row:
    organisation: Organisation
    cells: tuple[Cell, ...]
    public: int  # public, ready, not withdrawn commitments of any expectation that this organisation owns

    @property
    def silent(self) -> bool:
        return self.public == 0


@dataclass(frozen=True)
class Matrix:
    columns: tuple[Expectation, ...]
    rows: tuple[Row, ...]
    wording: str  # what the report says of an invited organisation without a public commitment

    def silent(self) -> list[Organisation]:
        return [row.organisation for row in self.rows if row.silent]


def invited_organisations(session: Session, event: Event) -> list[Organisation]:
    """Every organisation with at least one invitation to the event, by name."""
    invited = select(Invitation.organisation_id).where(Invitation.event_id == event.id)
    return list(session.scalars(select(Organisation).where(Organisation.id.in_(invited)).order_by(Organisation.name)))


def wording_for(session: Session, event: Event) -> str:
    """The secretariat's words for an invited organisation with no public commitment."""
    wording = session.scalar(select(OutcomeStatement.no_commitment_wording)
                             .where(OutcomeStatement.event_id == event.id))
    return wording or DEFAULT_NO_COMMITMENT


def build_matrix(session: Session, event: Event, commitments: list[Commitment]) -> Matrix:
    """The matrix over these commitments (the report's: public ones; the dashboard's: all)."""
    rows = []
    for organisation in invited_organisations(session, event):
        owned = [c for c in commitments if organisation in c.organisations]
        cells = tuple(Cell(tuple(c for c in owned if c.expectation is column)) for column in COLUMNS)
        standing = sum(1 for c in owned if c.public and c.status is not CommitmentStatus.WITHDRAWN)
        rows.append(Row(organisation, cells, standing))
    return Matrix(COLUMNS, tuple(rows), wording_for(session, event))


def matrix_version(session: Session, event: Event) -> tuple[object, ...]:
    """What the report depends on beyond the commitments: the set of invited organisations, and the outcome
    statement's row (its wording for the silent, and whether a statement is published, which the report links)."""
    invited = session.execute(select(func.count(distinct(Invitation.organisation_id)),
                                     func.sum(distinct(Invitation.organisation_id)))
                              .where(Invitation.event_id == event.id)).one()
    statement = session.scalar(select(OutcomeStatement.updated_at).where(OutcomeStatement.event_id == event.id))
    return (*invited, statement)

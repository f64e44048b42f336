"""The organisers' list of invitations, a page at a time: filters, sorting and the pager's links."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ..events.models import Event, Organisation, Person
from .models import Invitation, InvitationStatus

PER_PAGE = 50
STATE_ORDER = case({status.value: n for n, status in enumerate(InvitationStatus)}, value=Invitation.status)
SORTS = {
    "name": (func.lower(Person.name),),
    "organisation": (func.lower(Organisation.name), func.lower(Person.name)),
    "state": (STATE_ORDER, func.lower(Person.name)),
    "changed": (Invitation.updated_at, func.lower(Person.name)),
}
SORT_LABELS = {"name": "Name", "organisation": "Organisation", "state": "State", "changed": "Last change"}


@dataclass
class Filters:
    status: str | None = None
    organisation: int | None = None
    q: str | None = None
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> Filters:
        status = args.get("status") or None
        sort = args.get("sort") or "name"
        return cls(status=status if status in {s.value for s in InvitationStatus} else None,
                   organisation=args.get("organisation", type=int), q=(args.get("q") or "").strip() or None,
                   sort=sort if sort.lstrip("-") in SORTS else "name")

    def query_string(self, **changes) -> str:
        """`?status=...&sort=...&page=N`: these filters with `changes`, empty values left out."""
        values = {"q": self.q, "status": self.status, "organisation": self.organisation, "sort": self.sort,
                  **changes}
        if values.get("sort") == "name":
            values["sort"] = None
        return "?" + urlencode({k: v for k, v in values.items() if v not in (None, "")})


@dataclass
class InvitationPage:
    rows: list[Invitation]
    total: int
    page: int
    pages: int


def page_of_invitations(session: Session, event: Event, filters: Filters, page: int = 1,
                        per_page: int = PER_PAGE) -> InvitationPage:
    """One page of the filtered, sorted list, and how many there are in all (two queries)."""
    query = (select(Invitation).join(Invitation.person)
             .join(Organisation, Invitation.organisation_id == Organisation.id).where(Invitation.event_id == event.id))
    if filters.status:
        query = query.where(Invitation.status == InvitationStatus(filters.status))
    if filters.organisation:
        query = query.where(Invitation.organisation_id == filters.organisation)
    if filters.q:
        like = f"%{filters.q.lower()}%"
        query = query.where(or_(func.lower(Person.name).like(like), func.lower(Person.email).like(like)))
    total = session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    pages = max(1, ceil(total / per_page))
    page = min(max(page, 1), pages)
    keys = SORTS[filters.sort.lstrip("-")]
    order = [k.desc() for k in keys] if filters.sort.startswith("-") else list(keys)
    rows = session.scalars(query.order_by(*order, Invitation.id).limit(per_page).offset((page - 1) * per_page))
    return InvitationPage(list(rows), total, page, pages)

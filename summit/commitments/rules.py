"""Pure decisions about commitments: status transitions, overdue, when to remind."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

from .models import CommitmentStatus as S
from .models import Currency, PledgeKind

CLOSED = frozenset({S.DELIVERED, S.VERIFIED, S.WITHDRAWN})

TRANSITIONS: dict[S, frozenset[S]] = {
    S.PROPOSED: frozenset({S.AGREED, S.WITHDRAWN}),
    S.AGREED: frozenset({S.IN_PROGRESS, S.AT_RISK, S.DELIVERED, S.WITHDRAWN}),
    S.IN_PROGRESS: frozenset({S.AT_RISK, S.DELIVERED, S.WITHDRAWN}),
    S.AT_RISK: frozenset({S.IN_PROGRESS, S.DELIVERED, S.WITHDRAWN}),
    S.DELIVERED: frozenset({S.VERIFIED, S.IN_PROGRESS, S.AT_RISK}),
    S.VERIFIED: frozenset({S.IN_PROGRESS}),  # reopened, if evidence turns out not to hold
    S.WITHDRAWN: frozenset({S.AGREED}),
}


def can_move(current: S, new: S) -> bool:
    return new == current or new in TRANSITIONS[current]


def transition_problem(current: S, new: S, *, secretariat: bool) -> str | None:
    """Why this change of status is not allowed, or None."""
    if new is S.VERIFIED and not secretariat:
        return "Only the secretariat verifies a commitment."
    if not can_move(current, new):
        allowed = ", ".join(sorted(s.label.lower() for s in TRANSITIONS[current])) or "nothing"
        return f"A commitment that is {current.label.lower()} can move only to: {allowed}."
    return None


def is_overdue(status: S, due_on: date | None, today: date) -> bool:
    """Derived, never typed in: the due date has passed and the work is not delivered, verified or withdrawn."""
    return due_on is not None and due_on < today and status not in CLOSED


def reminder_due(status: S, due_on: date | None, today: date, days_before: int,
                 last_reminded_on: date | None) -> str | None:
    """'soon' or 'overdue' when the contact should be reminded today; at most once a day."""
    if due_on is None or status in CLOSED or last_reminded_on == today:
        return None
    if due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=days_before):
        return "soon"
    return None


def pledge_problem(amount: Decimal | None, currency: Currency | None, kind: PledgeKind | None
                   ) -> tuple[str, str] | None:
    """(message, field) when a pledge is not whole: amount, currency and kind together or none; a positive amount
    in whole pennies or cents."""
    if amount is None:
        if currency or kind:
            return "Give the amount pledged, or leave the currency and kind empty.", "pledge_amount"
        return None
    if not amount.is_finite() or amount <= 0:
        return "A pledge is an amount above zero.", "pledge_amount"
    if amount != amount.quantize(Decimal("0.01")):
        return "Give the amount to at most two decimal places.", "pledge_amount"
    if amount >= Decimal("1e12"):
        return "That amount is too large for the register.", "pledge_amount"
    if currency is None:
        return "Choose the currency of the pledge (GBP, USD or EUR).", "pledge_currency"
    if kind is None:
        return "Say what kind of pledge it is.", "pledge_kind"
    return None


def evidence_problem(links: list[str]) -> str | None:
    """Why these evidence links cannot be taken, if they cannot: each must be a web address, and none may carry a
    user name before its host (https://github.com@evil.example/ would read as github.com)."""
    if bad := [link for link in links if not link.startswith(("https://", "http://"))]:
        return f"Evidence must be web links (https://…): {bad[0]}"
    if bad := [link for link in links if "@" in urlsplit(link).netloc]:
        return f"Evidence links cannot carry a user name before the address: {bad[0]}"
    return None

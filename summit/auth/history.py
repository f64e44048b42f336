"""A target's history as a page shows it: who did what, named as people only for readers allowed to see them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from .. import audit
from ..events.models import Person
from .models import User


@dataclass(frozen=True)
class HistoryLine:
    """One entry as a page shows it."""

    at: datetime
    who: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed: tuple[str, ...] = ()  # the fields that changed, for readers who may not see their values


def actor_role_label(user: Any) -> str:
    """Who did it, for readers who may not know who: a role or an organisation, never a name or an address."""
    if user is None:
        return "Summit"
    if user.role.value == "delegate":
        organisation = user.person.organisation
        return f"{organisation.name} delegate" if organisation else "Delegate"
    return user.role.value.capitalize()


def history_for(session: Session, target_type: str, target_id: int, *, show_people: bool,
                hide_actions: Collection[str] = ()) -> list[HistoryLine]:
    """The history of one target for a page. Readers allowed to see people (staff) get each entry with its actor
    named (name and address from the people table as it is now, so an erased person reads as erased), before and
    after. Others get the actor as a role or organisation and only the names of the fields that changed: earlier
    values may have been written while the target was hidden from them (a secretariat-only draft, a restricted
    session). Entries whose action is in `hide_actions` are left out. The log holds ids and roles, never names."""
    entries = [entry for entry in audit.history(session, target_type, target_id) if entry.action not in hide_actions]
    ids = {entry.actor_id for entry in entries if entry.actor_id is not None}
    query = select(User).where(User.id.in_(ids)).options(joinedload(User.person).joinedload(Person.organisation))
    users = {user.id: user for user in session.scalars(query)}
    if not show_people:
        return [HistoryLine(entry.at, actor_role_label(users.get(entry.actor_id)), entry.action, None, None,
                            tuple(sorted({*(entry.before or {}), *(entry.after or {})}))) for entry in entries]

    def who(entry: audit.AuditEntry) -> str:
        user = users.get(entry.actor_id)
        return f"{user.person.name} <{user.person.email}>" if user else entry.actor_label

    return [HistoryLine(entry.at, who(entry), entry.action, entry.before, entry.after) for entry in entries]

"""A target's history as a page shows it: who did what, named as people only for readers allowed to see them."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from .. import audit
from ..events.models import Organisation, Person
from .models import User
from .sentences import ids_to_name, sentence


@dataclass(frozen=True)
class HistoryLine:
    """One entry as a page shows it."""

    at: datetime
    who: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    changed: tuple[str, ...] = ()  # the fields that changed, for readers who may not see their values
    sentence: str = ""  # for staff: the entry as a sentence with names


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

    names = names_for(session, entries)
    return [HistoryLine(entry.at, who(entry), entry.action, entry.before, entry.after,
                        sentence=sentence(who(entry), entry.action, entry.before, entry.after, names))
            for entry in entries]


def _short(user: Any, entry: audit.AuditEntry) -> str:
    return user.person.name if user else entry.actor_label.capitalize()


def names_for(session: Session, entries: list[audit.AuditEntry]) -> dict[tuple[str, Any], str]:
    """Names (as they are now) for the person and organisation ids these entries mention."""
    wanted = ids_to_name([(e.before, e.after) for e in entries])
    names: dict[tuple[str, Any], str] = {}
    if wanted["person_id"]:
        names |= {("person_id", p.id): p.name
                  for p in session.scalars(select(Person).where(Person.id.in_(wanted["person_id"])))}
    if wanted["organisation_id"]:
        names |= {("organisation_id", o.id): o.name
                  for o in session.scalars(select(Organisation).where(Organisation.id.in_(wanted["organisation_id"])))}
    return names


def audit_page(session: Session, search: str | None, page: int, per_page: int = 50):
    """(lines, total, page, pages) of the whole log for organisers, newest first, each line a sentence that names
    the target too; `search` matches the action, the kind of target or the actor's label."""
    query = select(audit.AuditEntry)
    if search:
        like = f"%{search.lower()}%"
        query = query.where(or_(func.lower(audit.AuditEntry.action).like(like),
                                func.lower(audit.AuditEntry.target_type).like(like),
                                func.lower(audit.AuditEntry.actor_label).like(like)))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    entries = list(session.scalars(query.order_by(audit.AuditEntry.id.desc()).limit(per_page)
                                   .offset((page - 1) * per_page)))
    ids = {e.actor_id for e in entries if e.actor_id is not None}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)).options(joinedload(User.person)))}
    names = names_for(session, entries)
    lines = [HistoryLine(e.at, _short(users.get(e.actor_id), e), e.action, e.before, e.after,
                         sentence=sentence(_short(users.get(e.actor_id), e), e.action, e.before, e.after, names)
                         + f" ({e.target_type.rstrip('s').replace('_', ' ')} #{e.target_id})") for e in entries]
    return lines, total, page, pages

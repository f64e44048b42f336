"""The audit log: append-only (the database refuses updates and deletes), written only through `record`."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, select
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, Session, mapped_column

from .clock import utcnow
from .db import Base, UTCDateTime


class AuditEntry(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80))
    target_type: Mapped[str] = mapped_column(String(40))
    target_id: Mapped[int | None]
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON().with_variant(JSONB(), "postgresql"))

    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"),)


class Actor:
    """Who did something: a signed-in user, or a named system actor (CLI, seed loader, mail worker, link holder)."""

    def __init__(self, label: str, user_id: int | None = None) -> None:
        self.label = label
        self.user_id = user_id

    @classmethod
    def of(cls, user: Any) -> "Actor":
        """By number and role only: the log is append-only, so it must never hold a name or an address (pages
        name the person at read time, from the people table, for readers allowed to see them)."""
        return cls(f"user #{user.id} ({user.role.value})", user.id)

    def __repr__(self) -> str:
        return f"Actor({self.label!r})"


SYSTEM = Actor("system")


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def record(
    session: Session,
    actor: Actor,
    action: str,
    target: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one audit entry in the caller's transaction; `target` is a model instance or a (type, id) pair."""
    if isinstance(target, tuple):
        target_type, target_id = target
    else:
        if target.id is None:
            session.flush()  # a new row: its id is needed here
        target_type, target_id = target.__tablename__, target.id
    entry = AuditEntry(
        actor_id=actor.user_id,
        actor_label=actor.label,
        action=action,
        target_type=target_type,
        target_id=target_id,
        before=_plain(before),
        after=_plain(after),
    )
    session.add(entry)
    return entry


def history(session: Session, target_type: str, target_id: int) -> list[AuditEntry]:
    """Every entry about one target, oldest first."""
    query = select(AuditEntry).where(AuditEntry.target_type == target_type, AuditEntry.target_id == target_id)
    return list(session.scalars(query.order_by(AuditEntry.id)))


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Only the keys whose values differ, as (before, after)."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}

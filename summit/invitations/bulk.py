"""Actions on the invitations an organiser ticked: remind, send a new link, revoke, export."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..events.models import Event
from .models import Invitation, InvitationStatus
from .reports import export_rows
from .services import revoke_invitation, send_invitation, send_reminders

ACTIONS = {"remind": "Remind", "resend": "Send a new link to", "revoke": "Revoke", "export": "Export"}
ASK_FIRST = {"resend", "revoke"}  # they end links people hold


@dataclass
class BulkResult:
    done: int
    skipped: int

    def words(self, verb: str) -> str:
        skipped = f"; {self.skipped} skipped (not in a state where that applies)" if self.skipped else ""
        return f"{verb} {self.done} invitation{'s' if self.done != 1 else ''}{skipped}."


def chosen_invitations(session: Session, event: Event, ids: set[int]) -> list[Invitation]:
    """The ticked invitations of this event (ids of other events are ignored)."""
    if not ids:
        return []
    return list(session.scalars(select(Invitation).where(Invitation.event_id == event.id, Invitation.id.in_(ids))
                                .order_by(Invitation.id)))


def remind_chosen(session: Session, actor: Actor, event: Event, chosen: list[Invitation]) -> BulkResult:
    done = send_reminders(session, actor, event, only={i.id for i in chosen})
    return BulkResult(done, len(chosen) - done)


def resend_chosen(session: Session, actor: Actor, event: Event, chosen: list[Invitation]) -> BulkResult:
    """A new link to each (their older links end); revoked and passed-on invitations are skipped."""
    done = 0
    for invitation in chosen:
        if invitation.status in (InvitationStatus.REVOKED, InvitationStatus.SUBSTITUTED):
            continue
        send_invitation(session, actor, invitation)
        done += 1
    return BulkResult(done, len(chosen) - done)


def revoke_chosen(session: Session, actor: Actor, event: Event, chosen: list[Invitation]) -> BulkResult:
    done = 0
    for invitation in chosen:
        if invitation.status is InvitationStatus.REVOKED:
            continue
        revoke_invitation(session, actor, invitation)
        done += 1
    return BulkResult(done, len(chosen) - done)


def export_chosen(session: Session, actor: Actor, event: Event, chosen: list[Invitation]) -> str:
    """The organisers' CSV of the ticked invitations; who took it is written to the audit log."""
    audit.record(session, actor, "invitation.export", event, after={"invitations": len(chosen)})
    return export_rows(session, event, chosen)

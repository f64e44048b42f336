"""Demo invitations in every state, through the same services as the UI (and so through the outbox)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from summit.events.models import Event
from summit.events.services import find_person
from summit.invitations.models import Answer, Invitation
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invitation_for, invite, mark_opened

from .loader import SEED_ACTOR, read


def seed_invitations(session: Session, event: Event, config: Mapping[str, Any], today: date) -> str:
    added = 0
    for row in read("invitations.json")["invitations"]:
        person = find_person(session, row["email"])
        if person is None or invitation_for(session, event, person.id) is not None:
            continue
        invitation = invite(session, SEED_ACTOR, event, name=person.name, email=person.email,
                            organisation_name=None, send=row["answer"] != "draft")
        _answer(session, invitation, row)
        added += 1
    return f"{added} invitations"


def _answer(session: Session, invitation: Invitation, row: dict[str, Any]) -> None:
    if row["answer"] in ("sent", "draft"):
        return
    mark_opened(session, invitation)
    if row["answer"] == "opened":
        return
    reply = Reply(Answer(row["answer"]), dietary=row.get("dietary", []), access=row.get("access", []),
                  listed_consent=row.get("listed_consent", False))
    respond(session, SEED_ACTOR, invitation, reply)


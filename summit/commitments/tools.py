"""The register of tools pledged free to other companies, and who adopted them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit
from ..audit import Actor
from ..events.models import Event, Organisation
from .models import Commitment, Tool, ToolAdoption, ToolStatus
from .services import CommitmentError


def create_tool(session: Session, actor: Actor, event: Event, *, name: str, owner_organisation_id: int,
                description: str = "", licence: str = "", available_on: date | None = None,
                status: ToolStatus = ToolStatus.PLEDGED, commitment_ids: list[int] | None = None) -> Tool:
    if session.scalar(select(Tool).where(Tool.event_id == event.id, func.lower(Tool.name) == name.strip().lower())):
        raise CommitmentError(f"The register already has a tool called {name}.")
    _organisation_or_refuse(session, owner_organisation_id)
    tool = Tool(event_id=event.id, name=name.strip(), owner_organisation_id=owner_organisation_id,
                description=description.strip(), licence=licence.strip(), available_on=available_on, status=status)
    tool.commitments = list(session.scalars(select(Commitment).where(Commitment.event_id == event.id,
                                                                      Commitment.id.in_(commitment_ids or []))))
    session.add(tool)
    audit.record(session, actor, "tool.create", tool, after={"name": tool.name, "status": status,
                                                             "commitments": [c.reference for c in tool.commitments]})
    return tool


def set_tool_status(session: Session, actor: Actor, tool: Tool, status: ToolStatus,
                    available_on: date | None = None) -> None:
    before = {"status": tool.status, "available_on": tool.available_on}
    tool.status = status
    if available_on is not None:
        tool.available_on = available_on
    audit.record(session, actor, "tool.update", tool, before, {"status": status, "available_on": tool.available_on})


def record_adoption(session: Session, actor: Actor, tool: Tool, organisation_id: int, adopted_on: date) -> ToolAdoption:
    _organisation_or_refuse(session, organisation_id)
    if any(a.organisation_id == organisation_id for a in tool.adoptions):
        raise CommitmentError("That organisation's adoption is already recorded.")
    adoption = ToolAdoption(organisation_id=organisation_id, adopted_on=adopted_on)
    tool.adoptions.append(adoption)
    session.flush()
    audit.record(session, actor, "tool.adopted", tool, after={"organisation_id": organisation_id,
                                                              "adopted_on": adopted_on})
    return adoption


def _organisation_or_refuse(session: Session, organisation_id: int) -> None:
    if session.get(Organisation, organisation_id) is None:
        raise CommitmentError("Choose an organisation that exists.")


def tools_for(session: Session, event: Event) -> list[Tool]:
    return list(session.scalars(select(Tool).where(Tool.event_id == event.id).order_by(Tool.name)))

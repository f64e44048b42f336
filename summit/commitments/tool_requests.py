"""The tools register opens to outsiders: anyone may ask for a tool; the owner (and the secretariat) hear of it by
email, and the owner confirms the adoption through a capability link (or the secretariat on the tools page)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, throttle
from ..audit import Actor
from ..auth.models import Role, User
from ..clock import today_for, utcnow
from ..events.models import Event, OrganisationKind, Person
from ..events.services import create_organisation, find_organisation
from ..links import external_url
from ..mail.services import queue_mail
from ..tokens import hash_token, new_token, well_formed
from .models import Tool, ToolAdoption, ToolRequest
from .services import CommitmentError
from .tools import record_adoption, tools_for

LINK_DAYS = 30  # how long the owner's confirmation link works
THROTTLED = "Several requests have come from here in the last hour. Please wait a while and try again."


def public_tools(session: Session, event: Event) -> list[Tool]:
    """The tools the public report lists: those promised only in public commitments that are ready."""
    return [t for t in tools_for(session, event) if all(c.public for c in t.commitments)]


def public_tool(session: Session, event: Event, tool_id: int) -> Tool | None:
    return next((t for t in public_tools(session, event) if t.id == tool_id), None)


def owner_contacts(session: Session, tool: Tool) -> list[Person]:
    """Who speaks for the tool's owner: the contacts of the owner's commitments that promise it, else the owner's
    people who have an active account."""
    contacts = {c.contact_person.id: c.contact_person for c in tool.commitments
                if c.contact_person is not None and c.contact_person.organisation_id == tool.owner_organisation_id}
    if contacts:
        return sorted(contacts.values(), key=lambda p: p.id)
    return list(session.scalars(select(Person).join(User, User.person_id == Person.id).where(
        Person.organisation_id == tool.owner_organisation_id, User.active.is_(True)).order_by(Person.id)))


def secretariat_people(session: Session) -> list[Person]:
    return list(session.scalars(select(Person).join(User, User.person_id == Person.id).where(
        User.role == Role.SECRETARIAT, User.active.is_(True)).order_by(Person.id)))


def request_tool(session: Session, event: Event, tool: Tool, *, name: str, organisation_name: str, email: str,
                 purpose: str, address: str) -> ToolRequest:
    """Record a request and email the owner (with a link to confirm the adoption) and the secretariat. Raises
    throttle.Throttled when this address or email has asked too often."""
    email = email.strip().lower()
    window = timedelta(seconds=current_app.config["TOOL_REQUEST_WINDOW_SECONDS"])
    throttle.spend(session, [("tool-request-address", address), ("tool-request-email", email[:320])],
                   current_app.config["TOOL_REQUEST_LIMIT"], window, THROTTLED)
    token, digest = new_token()
    request = ToolRequest(tool_id=tool.id, name=name.strip(), organisation_name=organisation_name.strip(),
                          email=email, purpose=purpose.strip(), token_hash=digest)
    session.add(request)
    session.flush()
    context = {"event": event, "tool": tool, "request": request}
    for person in owner_contacts(session, tool):
        queue_mail(session, to_name=person.name, to_address=person.email, subject=f"A request for {tool.name}",
                   template="tool_request", kind="tool-request",
                   context={**context, "person": person, "days": LINK_DAYS,
                            "link": external_url("tool_requests.confirm_form", token=token)})
    for person in secretariat_people(session):
        queue_mail(session, to_name=person.name, to_address=person.email, subject=f"A request for {tool.name}",
                   template="tool_request", kind="tool-request-secretariat",
                   context={**context, "person": person, "link": None,
                            "staff_link": external_url("report.tools", slug=event.slug)})
    audit.record(session, Actor("a visitor to the public tools page"), "tool.requested", tool,
                 after={"request_id": request.id})
    return request


def find_request(session: Session, token: str) -> ToolRequest | None:
    """The unconfirmed request behind an owner's link; None for unknown, used or expired links alike."""
    if not well_formed(token):
        return None
    request = session.scalar(select(ToolRequest).where(ToolRequest.token_hash == hash_token(token)))
    if request is None or request.confirmed_at is not None:
        return None
    return request if request.created_at > utcnow() - timedelta(days=LINK_DAYS) else None


def confirm_request(session: Session, actor: Actor, event: Event, request: ToolRequest) -> ToolAdoption:
    """The owner (or the secretariat) confirms that the requester adopted the tool: the adoption is recorded,
    under an organisation of that name (added to Summit, with no seats, when it is new)."""
    if request.confirmed_at is not None:
        raise CommitmentError("This request has already been confirmed.")
    tool = request.tool
    organisation = find_organisation(session, request.organisation_name) or create_organisation(
        session, actor, name=request.organisation_name, kind=OrganisationKind.COMPANY, delegate_quota=0)
    session.flush()
    adoption = next((a for a in tool.adoptions if a.organisation_id == organisation.id), None)
    if adoption is None:
        adoption = record_adoption(session, actor, tool, organisation.id, today_for(event))
    request.confirmed_at, request.adoption_id = utcnow(), adoption.id
    audit.record(session, actor, "tool.request_confirmed", tool,
                 after={"request_id": request.id, "organisation_id": organisation.id})
    return adoption


def open_requests(session: Session, event: Event) -> list[ToolRequest]:
    """Requests not yet confirmed, for the staff tools page."""
    return list(session.scalars(select(ToolRequest).join(Tool).where(
        Tool.event_id == event.id, ToolRequest.confirmed_at.is_(None)).order_by(ToolRequest.id)))


def request_in(session: Session, event: Event, request_id: int) -> ToolRequest | None:
    request = session.get(ToolRequest, request_id)
    return request if request is not None and request.tool.event_id == event.id else None

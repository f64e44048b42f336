"""What the API answers: each resource's JSON Schema beside the function that builds it, so they change together."""

from __future__ import annotations

from typing import Any

from ..agenda.models import AgendaSession, SignUp
from ..auth.permissions import Viewer
from ..commitments.models import Commitment, CommitmentStatus, ProgressUpdate, Tool
from ..commitments.services import overdue
from ..events.models import Event
from ..invitations.models import Invitation
from .http import iso
from .registry import BOOLEAN, DATE, DATE_TIME, INTEGER, STRING, nullable, obj


def enum_of(values: Any) -> dict[str, Any]:
    return {"type": "string", "enum": [v.value for v in values]}


EVENT = obj({"slug": STRING, "name": STRING, "venue": STRING, "city": STRING, "timezone": STRING,
             "starts_at": DATE_TIME, "ends_at": DATE_TIME, "rsvp_deadline": DATE_TIME, "co_hosts": STRING,
             "public_agenda": BOOLEAN}, "Event")


def event(item: Event) -> dict[str, Any]:
    return {"slug": item.slug, "name": item.name, "venue": item.venue, "city": item.city, "timezone": item.timezone,
            "starts_at": iso(item.starts_at), "ends_at": iso(item.ends_at), "rsvp_deadline": iso(item.rsvp_deadline),
            "co_hosts": item.co_hosts, "public_agenda": item.public_agenda}


SPEAKER = obj({"name": STRING, "role": STRING, "organisation": nullable(STRING)})
SESSION = obj({"id": INTEGER, "title": STRING, "description": STRING, "kind": STRING, "status": STRING,
               "visibility": STRING, "starts_at": DATE_TIME, "ends_at": DATE_TIME, "room": nullable(STRING),
               "track": nullable(STRING), "chatham_house": BOOLEAN, "seat_limit": nullable(INTEGER),
               "seats_left": nullable(INTEGER), "speakers": {"type": "array", "items": SPEAKER},
               "materials": {"type": "array", "items": STRING}}, "AgendaSession")


def agenda_session(item: AgendaSession) -> dict[str, Any]:
    """What the session page shows; under the Chatham House Rule, speakers without their organisations."""
    return {"id": item.id, "title": item.title, "description": item.description, "kind": item.kind.value,
            "status": item.status.value, "visibility": item.visibility.value, "starts_at": iso(item.starts_at),
            "ends_at": iso(item.ends_at), "room": item.room.name if item.room else None,
            "track": item.track.name if item.track else None, "chatham_house": item.chatham_house,
            "seat_limit": item.seat_limit, "seats_left": item.seats_left,
            "speakers": [{"name": s.person.name, "role": s.role.value,
                          "organisation": None if item.chatham_house or s.person.organisation is None
                          else s.person.organisation.name} for s in item.speakers],
            "materials": [line.strip() for line in item.materials.splitlines() if line.strip()]}


SIGNUP = obj({"session_id": INTEGER, "title": STRING, "starts_at": DATE_TIME, "ends_at": DATE_TIME,
              "status": STRING, "waitlisted_at": nullable(DATE_TIME)}, "SignUp")


def signup(item: SignUp) -> dict[str, Any]:
    return {"session_id": item.session_id, "title": item.session.title, "starts_at": iso(item.session.starts_at),
            "ends_at": iso(item.session.ends_at), "status": item.status.value,
            "waitlisted_at": iso(item.waitlisted_at)}


RSVP = obj({"event": STRING, "status": STRING, "organisation": STRING, "holds_seat": BOOLEAN,
            "listed_consent": BOOLEAN, "sent_at": nullable(DATE_TIME), "responded_at": nullable(DATE_TIME),
            "waitlisted_at": nullable(DATE_TIME)}, "Rsvp")


def rsvp(item: Invitation, slug: str) -> dict[str, Any]:
    """One's own answer; dietary and access needs stay off the API (special-category data)."""
    return {"event": slug, "status": item.status.value, "organisation": item.organisation.name,
            "holds_seat": item.holds_seat, "listed_consent": item.listed_consent, "sent_at": iso(item.sent_at),
            "responded_at": iso(item.responded_at), "waitlisted_at": iso(item.waitlisted_at)}


INVITATION = obj({"id": INTEGER, "name": STRING, "email": STRING, "organisation": STRING, "status": STRING,
                  "holds_seat": BOOLEAN, "quota_override": BOOLEAN, "substitute_for_id": nullable(INTEGER),
                  "sent_at": nullable(DATE_TIME), "opened_at": nullable(DATE_TIME),
                  "responded_at": nullable(DATE_TIME), "waitlisted_at": nullable(DATE_TIME),
                  "reminders_sent": INTEGER, "updated_at": DATE_TIME}, "Invitation")


def invitation(item: Invitation) -> dict[str, Any]:
    return {"id": item.id, "name": item.person.name, "email": item.person.email,
            "organisation": item.organisation.name, "status": item.status.value, "holds_seat": item.holds_seat,
            "quota_override": item.quota_override, "substitute_for_id": item.substitute_for_id,
            "sent_at": iso(item.sent_at), "opened_at": iso(item.opened_at), "responded_at": iso(item.responded_at),
            "waitlisted_at": iso(item.waitlisted_at), "reminders_sent": item.reminders_sent,
            "updated_at": iso(item.updated_at)}


MILESTONE = obj({"title": STRING, "due_on": nullable(DATE), "done_on": nullable(DATE)})
COMMITMENT_FIELDS = {
    "reference": STRING, "title": STRING, "description": STRING, "expectation": STRING, "status": STRING,
    "progress": {"type": "integer", "minimum": 0, "maximum": 100}, "rag": STRING, "rag_reason": STRING,
    "visibility": STRING, "lead_organisation": STRING, "organisations": {"type": "array", "items": STRING},
    "agreed_on": nullable(DATE), "due_on": nullable(DATE), "delivered_on": nullable(DATE), "overdue": BOOLEAN,
    "milestones": {"type": "array", "items": MILESTONE}, "updated_at": DATE_TIME,
}
COMMITMENT = obj(COMMITMENT_FIELDS, "Commitment")
COMMITMENT_FULL = obj({**COMMITMENT_FIELDS, "id": INTEGER, "contact": nullable(obj({"name": STRING, "email": STRING})),
                       "session_id": nullable(INTEGER), "verified_at": nullable(DATE_TIME),
                       "verified_by_user_id": nullable(INTEGER), "verification_evidence": STRING,
                       "last_reminded_on": nullable(DATE), "created_at": DATE_TIME}, "CommitmentFull")


def commitment(item: Commitment, event_: Event) -> dict[str, Any]:
    return {"reference": item.reference, "title": item.title, "description": item.description,
            "expectation": item.expectation.value, "status": item.status.value, "progress": item.progress,
            "rag": item.rag.value, "rag_reason": item.rag_reason, "visibility": item.visibility.value,
            "lead_organisation": item.lead_organisation.name, "organisations": [o.name for o in item.organisations],
            "agreed_on": iso(item.agreed_on), "due_on": iso(item.due_on), "delivered_on": iso(item.delivered_on),
            "overdue": overdue(item, event_),
            "milestones": [{"title": m.title, "due_on": iso(m.due_on), "done_on": iso(m.done_on)}
                           for m in item.milestones], "updated_at": iso(item.updated_at)}


def commitment_full(item: Commitment, event_: Event) -> dict[str, Any]:
    contact = item.contact_person
    return {**commitment(item, event_), "id": item.id,
            "contact": {"name": contact.name, "email": contact.email} if contact else None,
            "session_id": item.session_id, "verified_at": iso(item.verified_at),
            "verified_by_user_id": item.verified_by_id, "verification_evidence": item.verification_evidence,
            "last_reminded_on": iso(item.last_reminded_on), "created_at": iso(item.created_at)}


UPDATE_BODY = {
    "type": "object", "title": "ProgressUpdateIn", "required": ["text", "progress"],
    "properties": {
        "text": {"type": "string", "minLength": 1, "maxLength": 5000, "pattern": r"\S",
                 "description": "What has happened."},
        "progress": {"type": "integer", "minimum": 0, "maximum": 100, "description": "Progress now, in %."},
        "evidence": {"type": "array", "maxItems": 20, "description": "Web links (https://…).",
                     "items": {"type": "string", "minLength": 8, "maxLength": 500, "pattern": "^https?://\\S+$"}},
        "proposed_status": {"type": ["string", "null"], "enum": [*(s.value for s in CommitmentStatus
                                                                   if s is not CommitmentStatus.VERIFIED), None]},
    },
}
UPDATE = obj({"id": INTEGER, "commitment": STRING, "state": STRING, "posted_at": DATE_TIME,
              "progress": INTEGER, "proposed_status": nullable(STRING), "text": STRING,
              "evidence": {"type": "array", "items": STRING}}, "ProgressUpdate")


def update(item: ProgressUpdate, reference: str) -> dict[str, Any]:
    return {"id": item.id, "commitment": reference, "state": item.state.value, "posted_at": iso(item.posted_at),
            "progress": item.progress, "proposed_status": item.proposed_status.value if item.proposed_status else None,
            "text": item.text, "evidence": item.evidence_links}


TOOL = obj({"id": INTEGER, "name": STRING, "owner": STRING, "status": STRING, "description": STRING,
            "licence": STRING, "available_on": nullable(DATE), "commitments": {"type": "array", "items": STRING},
            "adopted_by": {"type": "array", "items": obj({"organisation": STRING, "adopted_on": DATE})}}, "Tool")


def tool(item: Tool, who: Viewer) -> dict[str, Any]:
    return {"id": item.id, "name": item.name, "owner": item.owner.name, "status": item.status.value,
            "description": item.description, "licence": item.licence, "available_on": iso(item.available_on),
            "commitments": [c.reference for c in item.commitments if who.may_see_commitment(c)],
            "adopted_by": [{"organisation": a.organisation.name, "adopted_on": iso(a.adopted_on)}
                           for a in item.adoptions]}

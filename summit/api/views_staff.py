"""API for staff: every invitation with its state (organisers), every commitment with all its fields."""

from __future__ import annotations

from flask import Blueprint, request

from .. import db
from ..commitments.models import Commitment
from ..invitations.models import InvitationStatus
from ..invitations.reports import list_invitations
from . import shapes
from .http import event_or_404, keyset_listing, listing, viewer
from .problems import Problem
from .queries import commitments_of
from .registry import operation

bp = Blueprint("staff", __name__, url_prefix="/events/<slug>/staff")
STATUS_QUERY = {"name": "status", "in": "query", "required": False, "description": "Only invitations in this state.",
                "schema": shapes.enum_of(InvitationStatus)}


@bp.get("/invitations")
@operation(summary="Invitations and their states", tag="Staff", schema=shapes.INVITATION, paginated=True,
           scope="invitations:read", query=(STATUS_QUERY,),
           description="Organisers only. Dietary and access needs are not part of the API.")
def invitation_states(slug: str):
    event = event_or_404(slug)
    status = request.args.get("status") or None
    if status is not None and status not in {s.value for s in InvitationStatus}:
        raise Problem(400, "Unknown invitation state.", errors=[{"field": "status", "detail": "unknown state"}])
    items = list_invitations(db.session, event, status)
    return listing(items, lambda i: (i.id,), shapes.invitation)


@bp.get("/commitments")
@operation(summary="Commitments with every field", tag="Staff", schema=shapes.COMMITMENT_FULL, paginated=True,
           scope="commitments:admin", description="Staff only: contacts, verification and reminders included.")
def list_commitments_full(slug: str):
    event = event_or_404(slug)
    return keyset_listing(commitments_of(event), Commitment.id, lambda c: shapes.commitment_full(c, event),
                          keep=viewer(event).may_see_commitment)

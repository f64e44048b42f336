"""Who may do what: each decision is one function of the user and the thing, answered here and nowhere else."""

from __future__ import annotations

from typing import Any

from ..commitments.models import CommitmentVisibility
from .models import Role

STAFF = (Role.ORGANISER, Role.SECRETARIAT)


def may_see_pending_updates(user: Any, commitment: Any) -> bool:
    """Progress updates not yet accepted (pending or returned), and the history of them, are for the secretariat,
    the organisers and the commitment's owning organisations; never for other companies or the public."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.role in STAFF:
        return True
    if commitment.visibility is CommitmentVisibility.SECRETARIAT:
        return False
    return user.organisation_id is not None and user.organisation_id in {o.id for o in commitment.organisations}

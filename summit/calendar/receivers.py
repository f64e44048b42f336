"""How calendars react to other features' signals (connected in init_app)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from .. import signals
from ..auth.models import User
from .models import FeedScope
from .services import revoke_feed


def _on_delegate_left(invitation: Any, *, session: Any, actor: Any) -> None:
    """Someone no longer coming (declined, revoked, passed their place on) loses their personal agenda feed: it
    would otherwise keep showing them the sessions for every delegate."""
    user = session.scalar(select(User).where(User.person_id == invitation.person_id))
    if user is not None:
        revoke_feed(session, actor, user, invitation.event, FeedScope.MY_AGENDA)


def connect() -> None:
    signals.delegate_left.connect(_on_delegate_left)

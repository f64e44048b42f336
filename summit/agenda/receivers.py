"""How the agenda reacts to other features' signals (connected in init_app)."""

from __future__ import annotations

from typing import Any

from .. import signals
from .signups import leave_everything


def _on_delegate_left(invitation: Any, *, session: Any, actor: Any) -> None:
    """Someone no longer coming frees every seat they held, and the waiting lists move up."""
    leave_everything(session, actor, invitation.event_id, invitation.person)


def connect() -> None:
    signals.delegate_left.connect(_on_delegate_left)

"""How invitations react to other features' signals (connected in init_app)."""

from __future__ import annotations

from typing import Any

from .. import signals
from .seats import event_quota_changed, quota_changed
from .services import event_changed, mark_bounced


def _on_event_rescheduled(event: Any, *, session: Any, actor: Any, changed: list[str]) -> None:
    event_changed(session, actor, event, changed)


def _on_organisation_changed(organisation: Any, *, session: Any, actor: Any) -> None:
    quota_changed(session, actor, organisation)


def _on_event_quota_changed(joined: Any, *, session: Any, actor: Any) -> None:
    event_quota_changed(session, actor, joined)


def _on_mail_failed(_sender: Any, *, session: Any, message: Any) -> None:
    mark_bounced(session, message)


def connect() -> None:
    """Idempotent: blinker keeps one connection per receiver."""
    signals.event_rescheduled.connect(_on_event_rescheduled)
    signals.organisation_changed.connect(_on_organisation_changed)
    signals.event_quota_changed.connect(_on_event_quota_changed)
    signals.mail_failed.connect(_on_mail_failed)

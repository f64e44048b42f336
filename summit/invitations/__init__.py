"""Invitations, RSVPs, seat quotas and the waiting list."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from ..events.services import EVENT_CHANGE_LISTENERS, QUOTA_LISTENERS
    from ..mail.services import FAILURE_LISTENERS
    from . import views_admin, views_rsvp
    from .seats import quota_changed
    from .services import event_changed, mark_bounced

    if quota_changed not in QUOTA_LISTENERS:
        QUOTA_LISTENERS.append(quota_changed)
    if event_changed not in EVENT_CHANGE_LISTENERS:
        EVENT_CHANGE_LISTENERS.append(event_changed)
    if mark_bounced not in FAILURE_LISTENERS:
        FAILURE_LISTENERS.append(mark_bounced)
    app.register_blueprint(views_admin.bp)
    app.register_blueprint(views_rsvp.bp)

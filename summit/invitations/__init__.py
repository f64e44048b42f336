"""Invitations, RSVPs, seat quotas and the waiting list."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import receivers, views_admin, views_rsvp

    receivers.connect()
    app.register_blueprint(views_admin.bp)
    app.register_blueprint(views_rsvp.bp)

"""Calendars: the pure iCalendar builder (ics.py), reply parsing (itip.py), feeds and downloads (views.py)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import receivers, versions, views

    versions.listen()
    receivers.connect()
    app.register_blueprint(views.bp)

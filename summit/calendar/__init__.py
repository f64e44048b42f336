"""Calendars: the pure iCalendar builder (ics.py), reply parsing (itip.py), feeds and downloads (views.py)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)

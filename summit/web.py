"""Template helpers and the health check shared by every blueprint."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, abort, current_app, g
from sqlalchemy import text

from . import db


def format_local(moment: datetime | None, event=None, pattern: str = "%a %-d %b %Y, %H:%M", zone: bool = True) -> str:
    """A UTC moment as the event's wall-clock time, with the zone's abbreviation unless `zone` is False."""
    if moment is None:
        return ""
    local = event.local(moment) if event is not None else moment
    return f"{local.strftime(pattern)} {local.tzname()}" if zone else local.strftime(pattern)


def event_or_404(slug: str):
    """The event at this address, or the not-found page: the one lookup every feature's views use."""
    from .events.services import get_event

    return get_event(db.session, slug) or abort(404)


def nav_event_slug() -> str | None:
    """The slug of the event the navigation links point at (looked up once per request)."""
    if "nav_event_slug" not in g:
        from .events.services import current_event

        event = current_event(db.session)
        g.nav_event_slug = event.slug if event else None
    return g.nav_event_slug


def clock(moment: datetime | None, event=None) -> str:
    """Just the wall-clock time in the event's timezone, e.g. 09:30."""
    return format_local(moment, event, "%H:%M", zone=False)


def init_app(app: Flask) -> None:
    app.add_template_filter(format_local, "local")
    app.add_template_filter(clock, "clock")
    app.add_template_filter(datetime.fromisoformat, "fromiso")

    @app.context_processor
    def _globals() -> dict:
        return {"demo_banner": current_app.config["SHOW_DEMO_BANNER"], "summit_env": current_app.config["SUMMIT_ENV"],
                "nav_event_slug": nav_event_slug}

    @app.get("/healthz")
    def healthz() -> tuple[dict, int]:
        db.session.execute(text("SELECT 1")).scalar_one()
        return {"status": "ok"}, 200

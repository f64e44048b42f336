"""Template helpers and the health check shared by every blueprint."""

from __future__ import annotations

from datetime import datetime

from flask import Flask, current_app
from sqlalchemy import text

from . import db


def format_local(moment: datetime | None, event=None, pattern: str = "%a %-d %b %Y, %H:%M") -> str:
    """A UTC moment as the event's wall-clock time, with the zone's abbreviation."""
    if moment is None:
        return ""
    local = event.local(moment) if event is not None else moment
    return f"{local.strftime(pattern)} {local.tzname()}"


def init_app(app: Flask) -> None:
    app.add_template_filter(format_local, "local")

    @app.context_processor
    def _globals() -> dict:
        return {"demo_banner": current_app.config["SHOW_DEMO_BANNER"], "summit_env": current_app.config["SUMMIT_ENV"]}

    @app.get("/healthz")
    def healthz() -> tuple[dict, int]:
        db.session.execute(text("SELECT 1")).scalar_one()
        return {"status": "ok"}, 200

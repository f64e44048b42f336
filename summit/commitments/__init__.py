"""Commitments follow-up: recording, progress, verification, reminders, the tools register and the report."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views, views_follow, views_public, views_tools

    app.register_blueprint(views.bp)
    app.register_blueprint(views_follow.bp)
    app.register_blueprint(views_public.bp)
    app.register_blueprint(views_tools.bp)

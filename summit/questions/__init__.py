"""Custom RSVP questions, their answers, the campus visitor list and invitation letters."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views, views_letters, views_visitors

    app.register_blueprint(views.bp)
    app.register_blueprint(views_letters.bp)
    app.register_blueprint(views_visitors.bp)

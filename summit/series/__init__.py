"""Many events, one series: new events from earlier ones, the review of inherited commitments, the series report."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)

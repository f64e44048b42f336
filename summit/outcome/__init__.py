"""The outcome statement of the summit: drafted in versions, published at /events/<slug>/outcome (HTML and PDF)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)

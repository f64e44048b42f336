"""The programme: rooms, tracks, sessions, sign-ups and published versions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import receivers, views, views_admin, views_publish

    receivers.connect()
    app.register_blueprint(views.bp)
    app.register_blueprint(views_admin.bp)
    app.register_blueprint(views_publish.bp)

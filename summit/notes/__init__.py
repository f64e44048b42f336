"""Notes under the Chatham House Rule: what was said in a session, tagged, never attributed by default."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views

    app.register_blueprint(views.bp)

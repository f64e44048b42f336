"""The document library: papers for the event and its sessions, with audiences, embargoes and versions."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views, views_admin

    app.register_blueprint(views.bp)
    app.register_blueprint(views_admin.bp)

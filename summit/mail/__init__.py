"""The outbox, message building, delivery."""

from __future__ import annotations

import threading

from flask import Flask


def init_app(app: Flask) -> None:
    from . import views
    from .worker import start_background

    app.register_blueprint(views.bp)
    if not app.config["MAIL_BACKGROUND"]:
        return
    started = threading.Lock()
    state = {"thread": None}

    @app.before_request
    def _start_delivery() -> None:
        # Only a serving process delivers in the background; CLI commands never start it.
        if state["thread"] is None and started.acquire(blocking=False):
            state["thread"] = start_background(app)

"""Run delivery: once (`flask mail send`), in a loop (`--loop`), or in a background thread in development."""

from __future__ import annotations

import contextlib
import logging
import threading

from flask import Flask
from sqlalchemy.orm import Session

from .. import db
from .services import deliver_due
from .transport import from_url

log = logging.getLogger(__name__)


def deliver_once(app: Flask) -> dict[str, int]:
    """Send everything due now, with a fresh session and one transport for the batch."""
    with (app.app_context(), Session(db.engine, expire_on_commit=False) as session,
          from_url(app.config["MAIL_URL"], app.config["MAIL_TIMEOUTS"]) as transport):
        return deliver_due(session, transport, app.config["MAIL_FROM"])


def run_loop(app: Flask, interval: float = 5.0, stop: threading.Event | None = None) -> None:
    """Poll for due mail until stopped; errors are logged, never fatal."""
    stop = stop or threading.Event()
    while not stop.is_set():
        try:
            counts = deliver_once(app)
            if any(counts.values()):
                log.info("mail delivery: %s", counts)
        except Exception:  # noqa: BLE001 - keep the worker alive; the outbox keeps the messages
            log.exception("mail delivery round failed")
        stop.wait(interval)


def start_background(app: Flask, interval: float = 2.0) -> threading.Thread:
    """Development: deliver in a daemon thread so that `make run` needs no separate worker."""
    thread = threading.Thread(target=run_loop, args=(app, interval), name="summit-mail", daemon=True)
    thread.start()
    return thread


def loop_forever(app: Flask, interval: float) -> None:
    """`flask mail send --loop`: until Ctrl+C or SIGTERM."""
    with contextlib.suppress(KeyboardInterrupt):
        run_loop(app, interval)

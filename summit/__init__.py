"""Summit: invitations, RSVPs, agenda, calendars and commitments for an invitation-only summit."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf import CSRFProtect

from . import config as config_module
from . import logmask

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database, sign-in, CSRF, security headers, blueprints, CLI, masked logs."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config_module.load(app.instance_path, config))

    from . import (
        agenda,
        api,
        auth,
        cache,
        calendar,
        checkin,
        cli,
        commitments,
        db,
        documents,
        events,
        invitations,
        links,
        mail,
        notes,
        outcome,
        privacy,
        questions,
        security,
        series,
        web,
    )
    from .calendar.fastpath import FastPath

    db.init_app(app)
    csrf.init_app(app)
    cache.init_app(app)
    links.init_app(app)
    security.init_app(app)
    web.init_app(app)
    auth.init_app(app)
    events.init_app(app)
    invitations.init_app(app)
    agenda.init_app(app)
    calendar.init_app(app)
    app.wsgi_app = FastPath(app, app.wsgi_app)  # type: ignore[method-assign]  # polled feeds first
    checkin.init_app(app)
    commitments.init_app(app)
    documents.init_app(app)
    mail.init_app(app)
    notes.init_app(app)
    outcome.init_app(app)
    privacy.init_app(app)
    api.init_app(app)  # after security: it answers routing errors under /api/ as problems, the rest as before
    questions.init_app(app)
    series.init_app(app)
    cli.init_app(app)
    logmask.init_app(app)  # last: every Summit logger exists by now
    return app

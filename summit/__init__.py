"""Summit: invitations, RSVPs, agenda, calendars and commitments for an invitation-only summit."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask
from flask_wtf import CSRFProtect

from . import config as config_module

ROOT = Path(__file__).resolve().parent.parent
csrf = CSRFProtect()


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, database, sign-in, CSRF, security headers, blueprints, CLI."""
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_mapping(config_module.load(app.instance_path, config))

    from . import agenda, calendar, cli, commitments, db, invitations, mail, security, web
    from .auth import passwords
    from .auth import views as auth_views
    from .events import views as event_views

    db.init_app(app)
    csrf.init_app(app)
    passwords.init_app(app)
    auth_views.init_app(app)
    security.init_app(app)
    web.init_app(app)
    app.register_blueprint(event_views.bp)
    invitations.init_app(app)
    agenda.init_app(app)
    calendar.init_app(app)
    commitments.init_app(app)
    mail.init_app(app)
    cli.init_app(app)
    return app

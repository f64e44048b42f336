"""Check-in at the desk, session door lists, live counts and name badges."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .. import db
    from . import queries, services, views, views_badges, views_door

    app.register_blueprint(views.bp)
    app.register_blueprint(views_door.bp)
    app.register_blueprint(views_badges.bp)
    # The RSVP page, the confirmation email and the organisers' home show these; the includes decide nothing.
    app.add_template_global(services.pass_for, "check_in_pass")
    app.add_template_global(lambda event: queries.live_counts(db.session, event), "check_in_counts")

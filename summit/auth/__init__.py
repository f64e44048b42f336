"""Accounts, roles, sign-in, and the permission model (permissions.py) that every feature asks."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import passwords, views, views_account, views_audit, views_password, views_two_factor

    passwords.init_app(app)
    views.init_app(app)
    app.register_blueprint(views_password.bp)
    app.register_blueprint(views_account.bp)
    app.register_blueprint(views_audit.bp)
    views_two_factor.init_app(app)

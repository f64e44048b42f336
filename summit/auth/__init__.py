"""Accounts, roles, sign-in, and the permission model (permissions.py) that every feature asks."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from . import passwords, views

    passwords.init_app(app)
    views.init_app(app)

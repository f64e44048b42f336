"""Check-in at the desk, session door lists, live counts and name badges."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    pass

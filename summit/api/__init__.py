"""The JSON API (/api/v1, bearer tokens, OpenAPI 3.1) and the personal access tokens it runs on (Profile -> API)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from .. import csrf
    from . import problems, views, views_tokens

    for blueprint in (views.bp, *views.CHILDREN):  # Flask-WTF matches the innermost blueprint
        csrf.exempt(blueprint)  # no cookie authenticates the API, so there is no cross-site request to forge
    app.register_blueprint(views.bp)
    app.register_blueprint(views_tokens.bp)
    problems.init_app(app)

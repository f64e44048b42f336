"""Errors as RFC 9457 problem details (application/problem+json), the same shape for every status."""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from ..errors import RuleBroken

PREFIX = "/api/"
TITLES = {
    400: "Bad request", 401: "Unauthorised", 403: "Forbidden", 404: "Not found", 405: "Method not allowed",
    409: "Conflict", 413: "Content too large", 415: "Unsupported media type", 422: "Unprocessable content",
    429: "Too many requests", 500: "Internal server error",
}
DETAILS = {
    401: "Send a live personal access token: Authorization: Bearer <token> (Profile → API).",
    404: "There is nothing here, or nothing you may see.",
    500: "Something went wrong on our side.",
}


class Problem(Exception):
    """Raised in the API's views and hooks; answered as problem+json."""

    def __init__(self, status: int, detail: str | None = None, headers: dict[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(detail or DETAILS.get(status, TITLES.get(status, "Error")))
        self.status, self.headers, self.extra = status, headers or {}, extra


def problem_response(status: int, detail: str | None = None, headers: dict[str, str] | None = None,
                     **extra: Any) -> Response:
    body = {"type": "about:blank", "title": TITLES.get(status, "Error"), "status": status,
            "detail": detail or DETAILS.get(status, TITLES.get(status, "Error")), "instance": request.path, **extra}
    response = Response(json.dumps(body), status=status, mimetype="application/problem+json")
    response.headers.update(headers or {})
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="summit"'
    response.headers["Cache-Control"] = "no-store"
    return response


def from_problem(error: Problem) -> Response:
    return problem_response(error.status, str(error), error.headers, **error.extra)


def from_http(error: HTTPException) -> Response:
    status = error.code or 500
    headers = {k: v for k, v in error.get_headers() if k.lower() in ("allow", "retry-after")}
    detail = DETAILS.get(status) if status in (404, 500) else error.description
    return problem_response(status, detail, headers)


def from_rule(error: RuleBroken) -> Response:
    """A broken rule from a service: 422, naming the field when the service did."""
    errors = [{"field": error.field, "detail": str(error)}] if error.field else []
    return problem_response(422, str(error), errors=errors)


def init_app(app: Flask) -> None:
    """Routing errors (no route, or not this method) under /api/ come before any blueprint: answer those here as
    problems too, and leave every other path to the pages' own error handlers."""
    for code in (404, 405):
        exc_class = type(_sample(code))
        previous = app.error_handler_spec[None][code].get(exc_class)

        def handler(error: HTTPException, previous=previous):
            if request.path.startswith(PREFIX) or previous is None:
                return from_http(error)
            return previous(error)

        app.register_error_handler(code, handler)


def _sample(code: int) -> HTTPException:
    from werkzeug.exceptions import MethodNotAllowed, NotFound

    return NotFound() if code == 404 else MethodNotAllowed()

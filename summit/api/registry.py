"""The OpenAPI 3.1 document, generated from the code: each API view carries an `Operation` (its summary, scope and
JSON Schemas) and the document is built from the app's URL map, so a route and its description cannot drift."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter

from .models import Scope

RULE_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
VERSION = "1.0.0"


@dataclass(frozen=True)
class Operation:
    summary: str
    tag: str
    schema: dict[str, Any]  # the answer's body (for a list: one item)
    scope: str | None = None  # None: any live token
    description: str = ""
    status: int = 200
    paginated: bool = False
    body: dict[str, Any] | None = None
    query: tuple[dict[str, Any], ...] = field(default_factory=tuple)


def operation(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Describe an API view: the authentication hook enforces its scope; the document lists it."""
    described = Operation(**kwargs)

    def mark(view: Callable[..., Any]) -> Callable[..., Any]:
        view.api_operation = described  # type: ignore[attr-defined]
        return view

    return mark


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    kind = schema["type"]
    return {**schema, "type": [*(kind if isinstance(kind, list) else [kind]), "null"]}


def obj(properties: dict[str, dict[str, Any]], title: str | None = None) -> dict[str, Any]:
    """An object whose every property is always present."""
    schema = {"type": "object", "required": list(properties), "properties": properties}
    return {"title": title, **schema} if title else schema


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
DATE, DATE_TIME = {"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}
PAGE_QUERY = (
    {"name": "limit", "in": "query", "required": False, "description": "Items per page (1-100, default 50).",
     "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 50}},
    {"name": "cursor", "in": "query", "required": False,
     "description": "The `next_cursor` of the previous page; opaque.", "schema": {"type": "string"}},
)
PROBLEM = obj({"type": STRING, "title": STRING, "status": INTEGER, "detail": STRING, "instance": STRING},
              "Problem") | {"additionalProperties": True, "description": "RFC 9457 problem details."}
PROBLEM["properties"] = {**PROBLEM["properties"], "errors": {"type": "array", "items": obj(
    {"field": STRING, "detail": STRING})}, "required_scope": STRING, "retry_after": INTEGER}
ERRORS = {
    400: "The request is malformed (a query parameter, the cursor or the body).",
    401: "No token, or one that is unknown, expired or revoked.",
    403: "The token lacks the scope, or its owner may not do this.",
    404: "Nothing here, or nothing this token's owner may see.",
    409: "The change clashed with another one; try again.",
    415: "The body is not JSON.",
    422: "The request is well formed but a rule refused it; `errors` names the field.",
    429: "Over the token's rate limit: wait `Retry-After` seconds.",
}
WRITE_ERRORS = (409, 415, 422)


def _path(rule: Any) -> tuple[str, list[dict[str, Any]]]:
    names = RULE_ARGUMENT.findall(rule.rule)
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": INTEGER if isinstance(rule._converters[name], IntegerConverter)  # noqa: SLF001
                   else {"type": "string", "minLength": 1, "pattern": "^[^/]+$"}} for name in names]
    return RULE_ARGUMENT.sub(r"{\1}", rule.rule), parameters


def _responses(op: Operation, method: str) -> dict[str, Any]:
    schema = op.schema
    if op.paginated:
        schema = obj({"items": {"type": "array", "items": op.schema}, "next_cursor": nullable(STRING)})
    success: dict[str, Any] = {"description": op.summary, "content": {"application/json": {"schema": schema}}}
    responses = {str(op.status): success}
    if method == "get":
        success["headers"] = {"ETag": {"description": "Send it back as If-None-Match to get 304 when unchanged.",
                                       "schema": STRING}}
        responses["304"] = {"description": "Not modified: the ETag sent in If-None-Match still matches."}
    codes = [400, 401, 403, 404, 429, *(WRITE_ERRORS if op.body else ())]
    responses.update({str(code): {"$ref": f"#/components/responses/E{code}"} for code in sorted(codes)})
    return responses


def document(app: Flask, server: str = "/") -> dict[str, Any]:
    """The OpenAPI 3.1 description of every API operation in `app`."""
    paths: dict[str, dict[str, Any]] = {}
    tags: dict[str, None] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        op: Operation | None = getattr(app.view_functions[rule.endpoint], "api_operation", None)
        if op is None:
            continue
        path, parameters = _path(rule)
        method = next(m for m in sorted(rule.methods or ()) if m not in ("HEAD", "OPTIONS")).lower()
        query = [*(PAGE_QUERY if op.paginated else ()), *op.query]
        entry: dict[str, Any] = {
            "operationId": rule.endpoint.replace(".", "_"), "summary": op.summary, "tags": [op.tag],
            "description": op.description + (f"\n\nScope: `{op.scope}`." if op.scope else "\n\nAny live token."),
            "security": [{"bearer": [op.scope] if op.scope else []}],
            "parameters": [*parameters, *query], "responses": _responses(op, method),
        }
        if op.scope:
            entry["x-required-scope"] = op.scope
        if op.body:
            entry["requestBody"] = {"required": True, "content": {"application/json": {"schema": op.body}}}
        paths.setdefault(path, {})[method] = entry
        tags[op.tag] = None
    return {
        "openapi": "3.1.0",
        "info": {"title": "Summit API", "version": VERSION,
                 "description": "Read the summit's agenda, your RSVP and sign-ups and the commitments you may see; "
                                "report progress on your organisation's commitments. Authenticate with a personal "
                                "access token (Profile → API): `Authorization: Bearer <token>`. Scopes: "
                                + ", ".join(f"`{s.value}`" for s in Scope) + "."},
        "servers": [{"url": server}],
        "tags": [{"name": tag} for tag in tags],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                           "description": "A personal access token from Profile → API."}},
            "schemas": {"Problem": PROBLEM},
            "responses": {f"E{code}": _problem_response(code, text) for code, text in ERRORS.items()},
        },
    }


def _problem_response(code: int, text: str) -> dict[str, Any]:
    response: dict[str, Any] = {"description": text, "content": {
        "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
    if code == 401:
        response["headers"] = {"WWW-Authenticate": {"schema": STRING, "description": "Bearer"}}
    if code == 429:
        response["headers"] = {"Retry-After": {"schema": INTEGER, "description": "Seconds to wait."}}
    return response

"""Request and response helpers for the API's views: the caller, pagination with opaque cursors, ETags, JSON in."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import Response, current_app, g, request
from itsdangerous import BadData, URLSafeSerializer
from sqlalchemy import Select

from .. import db
from ..audit import Actor
from ..auth.models import User
from ..auth.permissions import Viewer, viewer_for
from ..events.models import Event
from ..events.services import get_event
from .problems import Problem

T = TypeVar("T")
DEFAULT_LIMIT, MAX_LIMIT = 50, 100


def caller() -> User:
    """The user whose token this request carries (set by the API's authentication hook)."""
    return g.api_user


def viewer(event: Event | None = None) -> Viewer:
    """The Viewer for the token's user (at `event`, with a delegate's standing there): the pages' permission model."""
    viewers = g.setdefault("api_viewers", {})
    key = event.id if event is not None else None
    if key not in viewers:
        viewers[key] = viewer_for(caller(), event)
    return viewers[key]


def actor() -> Actor:
    """The audit actor: the user by number and role, and the token that acted for them."""
    user = caller()
    return Actor(f"user #{user.id} ({user.role.value}) by API token #{g.api_use.token_id}", user.id)


def event_or_404(slug: str) -> Event:
    return get_event(db.session, slug) or _missing()


def _missing() -> Any:
    raise Problem(404)


def query_int(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    if not raw.strip().lstrip("-").isdigit() or not low <= int(raw) <= high:
        raise Problem(400, f"The query parameter {name} must be a whole number from {low} to {high}.",
                      errors=[{"field": name, "detail": f"a whole number from {low} to {high}"}])
    return int(raw)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"api-cursor:{request.endpoint}")


def paginate(items: Sequence[T], key: Callable[[T], tuple]) -> tuple[list[T], str | None]:
    """One page of `items` in `key` order after the request's cursor, and the cursor for the next page (None at
    the end). The cursor is opaque and signed: it names the last item's key, so pages hold while items change."""
    limit = query_int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    ordered = sorted(items, key=key)
    if (after := _cursor()) is not None:
        ordered = [item for item in ordered if list(key(item)) > after]
    page = ordered[:limit]
    return page, (_serializer().dumps(list(key(page[-1]))) if len(ordered) > limit else None)


def _cursor() -> list | None:
    if not (cursor := request.args.get("cursor")):
        return None
    try:
        return _serializer().loads(cursor)
    except BadData:
        raise Problem(400, "The cursor is not one this list gave out; start again without it.",
                      errors=[{"field": "cursor", "detail": "unknown cursor"}]) from None


def keyset_listing(query: Select, column: Any, represent: Callable[[Any], dict],
                   keep: Callable[[Any], bool] = lambda _item: True) -> Response:
    """A page straight from the database, in `column` order after the cursor, of the rows `keep` lets through
    (the permission model's question, asked row by row): reads a batch at a time, never the whole table."""
    limit = query_int("limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    after = _cursor()
    last, kept, batch = (after[0] if after else None), [], limit + 1  # enough when the caller may see them all
    while len(kept) <= limit:
        rows = db.session.scalars((query if last is None else query.where(column > last))
                                  .order_by(column).limit(batch)).unique().all()
        kept += [row for row in rows if keep(row)]
        if len(rows) < batch:
            break
        last, batch = getattr(rows[-1], column.key), min(2 * batch, 1000)
    page = kept[:limit]
    cursor = _serializer().dumps([getattr(page[-1], column.key)]) if len(kept) > limit else None
    return respond({"items": [represent(item) for item in page], "next_cursor": cursor})


def listing(items: Sequence[T], key: Callable[[T], tuple], represent: Callable[[T], dict]) -> Response:
    page, cursor = paginate(items, key)
    return respond({"items": [represent(item) for item in page], "next_cursor": cursor})


def respond(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """JSON; a GET answer carries a strong ETag of its bytes and answers If-None-Match with 304."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    response = Response(data, status=status, mimetype="application/json", headers=headers)
    if request.method in ("GET", "HEAD") and status == 200:
        response.set_etag(hashlib.sha256(data.encode()).hexdigest()[:32])
        response.headers["Cache-Control"] = "private, no-cache"
        response.make_conditional(request)
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def json_body() -> dict[str, Any]:
    if not request.is_json:
        raise Problem(415, "Send the body as JSON (Content-Type: application/json).")
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Problem(400, "The body must be a JSON object.")
    return body


def iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None

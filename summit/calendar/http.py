"""Serving calendars: text/calendar with an ETag from what the feed depends on, built once per key."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime

from flask import Response, request

from ..cache import cached, etag_for


def ics_response(key: tuple[Hashable, ...], build: Callable[[], bytes], filename: str | None = None,
                 modified: datetime | None = None, slot: Hashable = None) -> Response:
    """An unchanged feed answers 304 without being built; a changed one is built once per worker.
    `key` names the feed, its audience and a version of what it depends on; `slot` the same without the version,
    so that a new version replaces the old one in the cache."""
    etag = etag_for(key)
    if etag in request.if_none_match:
        response = Response(status=304)
    else:
        response = Response(cached(key, build, slot), mimetype="text/calendar")
        response.headers["Content-Type"] = "text/calendar; charset=utf-8"
        if filename:
            response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.set_etag(etag)
    if modified is not None:
        response.last_modified = modified
    response.headers["Cache-Control"] = "private, no-cache"
    return response

"""Serving calendars: text/calendar with an ETag from what the feed depends on, built once per key."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime

from flask import Response, request
from werkzeug.http import http_date, quote_etag

from ..cache import cached, etag_for


@dataclass(frozen=True)
class Feed:
    """How a feed is answered: `key` names the feed, its audience and a version of what it depends on (its ETag and
    its cache entry); `slot` the same without the version, so that a new version replaces the old one in the cache."""

    key: tuple[Hashable, ...]
    filename: str | None = None
    modified: datetime | None = None
    slot: Hashable = None


def ics_response(key: tuple[Hashable, ...], build: Callable[[], bytes], filename: str | None = None,
                 modified: datetime | None = None, slot: Hashable = None) -> Response:
    """An unchanged feed answers 304 without being built; a changed one is built once per worker."""
    return feed_response(Feed(key, filename, modified, slot), build)


def feed_response(feed: Feed, build: Callable[[], bytes]) -> Response:
    etag = etag_for(feed.key)
    unchanged = request.if_none_match.contains_weak(etag)  # RFC 9110: a proxy that compresses weakens the ETag
    return feed_answer(feed, etag, None if unchanged else cached(feed.key, build, feed.slot))


def feed_answer(feed: Feed, etag: str, body: bytes | None) -> Response:
    """The answer with `body`, or 304 Not Modified without one."""
    return Response(body, 200 if body is not None else 304, feed_headers(feed, etag, body))


def feed_headers(feed: Feed, etag: str, body: bytes | None) -> list[tuple[str, str]]:
    """The answer's own headers, as WSGI takes them (the calendar fast path sends them as they are, fastpath.py).
    A 304 carries the validator and the caching rule: werkzeug would drop its entity headers (Last-Modified...)."""
    headers = [("ETag", quote_etag(etag)), ("Cache-Control", "private, no-cache")]
    if body is None:
        return headers
    headers += [("Content-Type", "text/calendar; charset=utf-8"), ("Content-Length", str(len(body)))]
    if feed.filename:
        headers.append(("Content-Disposition", f'attachment; filename="{feed.filename}"'))
    if feed.modified is not None:
        headers.append(("Last-Modified", http_date(feed.modified)))
    return headers

"""Capability links (an invitation's RSVP link, a calendar feed, a sign-in link): the link is the credential.

Every token lookup goes through `lookup` (a polled link's hit is read first, on its own: `polled_link`), so guessing
costs the same everywhere: one budget of misses per client address, shared by every kind of link. Unknown,
malformed, revoked and expired tokens are all misses and look alike.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import TypeVar

from flask import Response, abort, current_app, make_response, request
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from . import db, throttle

SCOPE = "capability-miss"
T = TypeVar("T")
log = logging.getLogger(__name__)


def miss_limit() -> tuple[int, timedelta]:
    """How many misses an address may make, and in what window (CAPABILITY_MISS_LIMIT, _WINDOW_SECONDS)."""
    config = current_app.config
    return config["CAPABILITY_MISS_LIMIT"], timedelta(seconds=config["CAPABILITY_MISS_WINDOW_SECONDS"])


def lookup(session: Session, kind: str, token: str, address: str, find: Callable[[Session, str], T | None]) -> T | None:
    """What `find` returns for this token, or None for a miss, which counts against the address.
    Raises throttle.Throttled for a miss once the address has used up its misses. A good link always works: many
    people share one address (a company's NAT, Google's and Microsoft's calendar fetchers), and one of them polling
    a revoked feed must not lock the others out; guessing a 256-bit token is hopeless anyway, the budget only makes
    trying loud and slow."""
    found = find(session, token)
    if found is not None:
        return found
    limits = [(SCOPE, address)]
    limit, window = miss_limit()
    throttle.check(session, limits, limit, window)
    throttle.hit(session, limits)
    if throttle.count_hits(session, SCOPE, address, window) == limit:
        log.warning("capability links: %s has missed %d times in %s (last: %s); refusing its misses for a while",
                    address, limit, window, kind)
    return None


def from_link(kind: str, token: str, find: Callable[[Session, str], T | None]) -> T:
    """For a view: the object behind the token in this request's address; 404 for any miss (the miss is committed),
    429 once this client has missed too often. The view must be marked @db.writes: a miss is a write."""
    found = lookup_here(kind, token, find)
    if found is None:
        abort(404)
    return found


def polled_link(kind: str, token: str, find: Callable[[Session | Connection, str], T | None]) -> T:
    """`from_link` for a link that a calendar polls all day: a hit is read on a connection of its own outside the
    request's transaction (db.read_alone: no BEGIN, no write lock), so polling costs one statement; a miss goes on
    to `from_link`, which looks again in the request's transaction and counts it."""
    found = db.read_alone(find, token)
    return found if found is not None else from_link(kind, token, find)


def lookup_here(kind: str, token: str, find: Callable[[Session, str], T | None]) -> T | None:
    """For a view that answers a miss with a page of its own: `lookup` from this request's address, 429 once it has
    missed too often. A miss is committed here, so it counts even though the page says no (a GET view using this
    must be marked @db.writes)."""
    try:
        found = lookup(db.session, kind, token, request.remote_addr or "unknown", find)
    except throttle.Throttled as exc:
        abort(429, str(exc))
    if found is None:
        db.session.commit()
    return found


def shown_once(page: str) -> Response:
    """The answer to the request that made a new link: the page shows it, and nothing keeps it — not the session
    cookie (so it cannot travel to the next page) and not a cache (no-store)."""
    response = make_response(page)
    response.headers["Cache-Control"] = "no-store"
    return response

"""The one cache: bytes built once per key, per process, bounded (least recently used goes first).

Only content that is the same for everyone allowed to see it belongs here — feed bodies, the public report's body —
keyed on everything it depends on, including the audience and a version read from the database on each request.
The layout of a signed-in page (name, navigation, CSRF token) is never cached: it is rendered per request.
Because every key carries a version read from the shared database, a per-process cache stays correct with several
gunicorn workers and several machines: a worker whose copy is stale simply builds under the new key."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import Flask, current_app

DEFAULT_MAX_ENTRIES = 256


class Cache:
    def __init__(self, max_entries: int = DEFAULT_MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._items: OrderedDict[Hashable, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()  # outside the lock: two threads may build the same thing once each, never wrongly
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.max_entries:
                self._items.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def cached(key: tuple[Hashable, ...], build: Callable[[], bytes]) -> bytes:
    """The value for `key`, built by `build` the first time this process needs it."""
    return current_app.extensions["summit.cache"].get_or_build(key, build)


def etag_for(key: tuple[Hashable, ...]) -> str:
    """A strong validator for what `key` names (the same key gives the same ETag in every worker)."""
    return hashlib.sha256(repr(key).encode()).hexdigest()


def init_app(app: Flask) -> None:
    app.extensions["summit.cache"] = Cache(app.config.get("CACHE_MAX_ENTRIES", DEFAULT_MAX_ENTRIES))

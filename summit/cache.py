"""The one cache: bytes built once per key, per process, bounded in bytes (least recently used goes first).

Only content that is the same for everyone allowed to see it belongs here — feed bodies, the public report's body,
the agenda's session cards — keyed on everything it depends on, including the audience and a version read from the
database on each request.
The layout of a signed-in page (name, navigation, CSRF token) is never cached: it is rendered per request.
Because every key carries a version read from the shared database, a per-process cache stays correct with several
gunicorn workers and several machines: a worker whose copy is stale simply builds under the new key.
The one exception is a memo inside the pure calendar builder (calendar/ics.py `_HEADS`): at most 256 calendar
headers with their VTIMEZONE blocks, keyed on the method, the calendar's name and organiser, the zones and the span
of days. It holds nothing about a person and needs no app, which is why it is not here."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable

from flask import Flask, current_app

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
ENTRY_OVERHEAD = 240  # the dict slot, the bytes object's header and the key's tuple, roughly


def size_of(key: Hashable, value: bytes) -> int:
    """What an entry costs: its bytes, its key (as written out) and a fixed overhead."""
    return len(value) + len(repr(key)) + ENTRY_OVERHEAD


class Cache:
    """Least recently used goes first once the entries' sizes add up to more than `max_bytes` (CACHE_MAX_BYTES):
    a thousand small calendar parts cost what they weigh, and one huge feed cannot push the worker's memory up."""

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._items: OrderedDict[Hashable, tuple[bytes, int]] = OrderedDict()
        self._slots: dict[Hashable, Hashable] = {}  # slot -> the key last kept in it
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], bytes], slot: Hashable = None) -> bytes:
        found = self.get(key)
        if found is not None:
            return found
        value = build()  # outside the lock: two threads may build the same thing once each, never wrongly
        self.put(key, value, slot)
        return value

    def get(self, key: Hashable) -> bytes | None:
        with self._lock:
            found = self._items.get(key)
            if found is None:
                return None
            self._items.move_to_end(key)
            return found[0]

    def get_many(self, keys: Iterable[Hashable]) -> list[bytes | None]:
        """`get` for each key, under one lock."""
        found = []
        with self._lock:
            for key in keys:
                entry = self._items.get(key)
                if entry is not None:
                    self._items.move_to_end(key)
                found.append(entry and entry[0])
        return found

    def put(self, key: Hashable, value: bytes, slot: Hashable = None) -> None:
        """Keep `value`; with a `slot` (what `key` names, without its version), the slot's older version goes:
        nobody asks for it again once the database has moved on."""
        size = size_of(key, value)
        if size > self.max_bytes:
            return  # bigger than the whole cache: served, not kept
        with self._lock:
            self._add(key, value, slot, size)
            self._trim()

    def put_many(self, entries: Iterable[tuple[Hashable, bytes, Hashable]],
                 key_size: Callable[[Hashable], int] | None = None) -> None:
        """`put` for each (key, value, slot), under one lock. `key_size` may weigh keys of a known shape without
        writing each out (it stands for `len(repr(key))`)."""
        weighed = [(key, value, slot, size_of(key, value) if key_size is None
                    else len(value) + key_size(key) + ENTRY_OVERHEAD) for key, value, slot in entries]
        with self._lock:
            for key, value, slot, size in weighed:
                if size <= self.max_bytes:
                    self._add(key, value, slot, size)
            self._trim()

    def _add(self, key: Hashable, value: bytes, slot: Hashable, size: int) -> None:
        if slot is not None:
            previous = self._slots.get(slot)
            if previous is not None and previous != key:
                self._drop(previous)
            self._slots[slot] = key
        self._drop(key)
        self.size += size
        self._items[key] = (value, size)

    def _trim(self) -> None:
        while self.size > self.max_bytes:
            _, (_, dropped) = self._items.popitem(last=False)
            self.size -= dropped
        if len(self._slots) > 2 * len(self._items) + 64:  # forget slots whose entries went
            self._slots = {s: k for s, k in self._slots.items() if k in self._items}

    def _drop(self, key: Hashable) -> None:
        old = self._items.pop(key, None)
        if old is not None:
            self.size -= old[1]

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._slots.clear()
            self.size = 0


def cached(key: tuple[Hashable, ...], build: Callable[[], bytes], slot: Hashable = None) -> bytes:
    """The value for `key`, built by `build` the first time this process needs it; a new version in `slot` (the
    key without its version) replaces the old one."""
    return current_app.extensions["summit.cache"].get_or_build(key, build, slot)


def peek(key: tuple[Hashable, ...]) -> bytes | None:
    """The value for `key` if this process has it, else None (for callers that build many misses at once)."""
    return current_app.extensions["summit.cache"].get(key)


def peek_many(keys: Iterable[tuple[Hashable, ...]]) -> list[bytes | None]:
    """`peek` for each key, in order."""
    return current_app.extensions["summit.cache"].get_many(keys)


def keep(key: tuple[Hashable, ...], value: bytes, slot: Hashable = None) -> None:
    current_app.extensions["summit.cache"].put(key, value, slot)


def keep_many(entries: Iterable[tuple[tuple[Hashable, ...], bytes, Hashable]],
              key_size: Callable[[Hashable], int] | None = None) -> None:
    """`keep` for many (key, value, slot) at once, e.g. a feed's new parts (see Cache.put_many for `key_size`)."""
    current_app.extensions["summit.cache"].put_many(entries, key_size)


def etag_for(key: tuple[Hashable, ...]) -> str:
    """A strong validator for what `key` names (the same key gives the same ETag in every worker)."""
    return hashlib.sha256(repr(key).encode()).hexdigest()


def init_app(app: Flask) -> None:
    app.extensions["summit.cache"] = Cache(app.config.get("CACHE_MAX_BYTES", DEFAULT_MAX_BYTES))

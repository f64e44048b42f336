"""The calendar's fast path: a polling calendar's unchanged feed, answered before Flask's request machinery.

Calendar clients poll their feeds all day, and nearly always to hear "unchanged". Through Flask that answer costs
about twice a hello-world: the request context, routing, the sign-in and session hooks and the header work come on
top of the one indexed read that decides it. This WSGI middleware answers the two polled feeds itself — an event's
agenda for an anonymous visitor (/events/<slug>/agenda.ics) and a personal agenda link (/feeds/<token>.ics) — only
where Flask's answer is certain to be the same: a GET or HEAD without any cookie, for a host Flask accepts, whose feed
the view's own lookup finds and the view's own rule shows to an anonymous visitor. It answers 304 when the ETag
matches, and the feed itself when this worker's cache already holds its bytes; it reads on one connection the
worker keeps (the pool's checkout costs more than the indexed statement). The key, the answer and the headers
come from the functions the views use (views.agenda_answer and my_agenda_answer, http.feed_headers,
security.security_headers), so no rule is written twice. Everything else goes to Flask untouched: a miss (Flask
counts it against the address), a cookie, a body not yet built, a commitments feed, any error.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy.engine import Connection
from werkzeug.exceptions import SecurityError
from werkzeug.http import parse_etags
from werkzeug.wsgi import get_host

from .. import db
from ..auth.permissions import ANONYMOUS
from ..cache import etag_for, peek
from ..security import security_headers
from .http import Feed, feed_headers
from .models import FeedScope
from .services import find_agenda_feed, find_feed_link
from .views import agenda_answer, my_agenda_answer

POLLED = re.compile(r"/events/(?P<slug>[\w.~-]+)/agenda\.ics|/feeds/(?P<token>[\w.~-]+)\.ics", re.ASCII)
log = logging.getLogger(__name__)
T = TypeVar("T")


class FastPath:
    """WSGI middleware around the app's wsgi_app: `app.wsgi_app = FastPath(app, app.wsgi_app)`."""

    def __init__(self, app: Flask, wsgi_app: Callable[..., Iterable[bytes]]) -> None:
        self.app, self.wsgi_app = app, wsgi_app
        self.lock = threading.Lock()
        self.connection: Connection | None = None

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        answer = None
        polled = POLLED.fullmatch(environ.get("PATH_INFO", ""))
        if (polled and environ["REQUEST_METHOD"] in ("GET", "HEAD") and not environ.get("HTTP_COOKIE")
                and self.host_accepted(environ)):
            try:
                with self.app.app_context():
                    answer = self.answer(polled, environ)
            except Exception:  # Flask answers instead, and reports the error its own way if it happens again
                log.debug("calendar fast path: left to Flask", exc_info=True)
                answer = None
        if answer is None:
            return self.wsgi_app(environ, start_response)
        status, headers, body = answer
        start_response(status, headers)
        return [] if body is None or environ["REQUEST_METHOD"] == "HEAD" else [body]

    def host_accepted(self, environ: dict[str, Any]) -> bool:
        """Flask's own host check (Flask.create_url_adapter): TRUSTED_HOSTS, or the request class's default."""
        trusted = self.app.config["TRUSTED_HOSTS"]
        try:
            get_host(environ, self.app.request_class.trusted_hosts if trusted is None else trusted)
        except SecurityError:
            return False
        return True

    def read(self, find: Callable[[Connection, str], T], value: str) -> T:
        """db.read_alone on the one connection this worker keeps between polls (the pool's checkout and return cost
        more than the statement). One per process, whatever the threads: a thread that finds it in use reads through
        the pool as usual. Dropped on any error (the poll goes to Flask, the next one connects afresh) and when the
        app gets a new engine."""
        if not self.lock.acquire(blocking=False):
            return db.read_alone(find, value)
        try:
            held = self.connection
            if held is None or held.engine is not db.alone:
                if held is not None:
                    held.close()
                assert db.alone is not None
                held = self.connection = db.alone.connect()
            try:
                return find(held, value)
            except Exception:
                self.connection = None
                held.invalidate()
                raise
        finally:
            self.lock.release()

    def answer(self, polled: re.Match[str], environ: dict[str, Any]) -> tuple[str, list, bytes | None] | None:
        """The view's answer (status, headers, body) if it is certain without Flask, else None. Without a cookie
        the visitor is anonymous (auth.views._anonymous_for_sure); a feed link is its own credential."""
        if slug := polled["slug"]:
            agenda = self.read(find_agenda_feed, slug)
            if agenda is None or not ANONYMOUS.may_see_agenda(agenda.public_agenda):
                return None  # Flask's 404
            feed: Feed = agenda_answer(slug, agenda, ANONYMOUS)
        else:
            link = self.read(find_feed_link, polled["token"])  # capabilities.polled_link's read of a hit
            if link is None or link.scope is not FeedScope.MY_AGENDA:
                return None  # a miss, which Flask counts; or a feed this path does not serve
            feed = my_agenda_answer(link)
        etag = etag_for(feed.key)
        unchanged = parse_etags(environ.get("HTTP_IF_NONE_MATCH")).contains_weak(etag)  # RFC 9110: weak comparison
        body = None if unchanged else peek(feed.key)
        if not unchanged and body is None:
            return None  # this worker has not built it yet: Flask builds it
        # What Flask adds to the view's answer: the security headers, and the session's word that an answer made
        # without a cookie may differ with one.
        headers = [*feed_headers(feed, etag, body), *security_headers(self.app.config).items(), ("Vary", "Cookie")]
        return ("304 NOT MODIFIED" if unchanged else "200 OK"), headers, body

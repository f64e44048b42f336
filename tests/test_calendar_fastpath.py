"""The calendar's fast path (summit/calendar/fastpath.py): a polled feed answered before Flask's request machinery,
with exactly Flask's answer, and only where that answer is certain; everything else reaches Flask."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask import request_started
from sqlalchemy import func, select

from summit import capabilities, db
from summit.audit import SYSTEM
from summit.auth.permissions import ANONYMOUS
from summit.cache import etag_for
from summit.calendar.models import FeedScope
from summit.calendar.services import find_agenda_feed, issue_feed, revoke_feed
from summit.calendar.views import agenda_answer
from summit.throttle import ThrottleHit
from tests.conftest import test_config as config_for
from tests.test_calendar import signed_in
from tests.test_feed_conditional import every_statement, public
from tests.test_feed_parts import add_sessions


@contextmanager
def flask_requests(app):
    """The requests that reached Flask's request machinery."""
    seen = []

    def started(_app, **_extra):
        seen.append(1)

    request_started.connect(started, app)
    try:
        yield seen
    finally:
        request_started.disconnect(started, app)


def fast_and_flask(app, url: str, method: str = "GET", **headers):
    """The same request answered by the fast path and by Flask (the fast path must not have gone to Flask)."""
    client = app.test_client()
    with flask_requests(app) as seen, every_statement(app) as statements:
        fast = client.open(url, method=method, headers=headers)
    assert seen == [] and len(statements) == 1, statements  # one indexed lookup, no transaction
    client.set_cookie("preference", "dark")  # any cookie sends the request through Flask, which ignores this one
    with flask_requests(app) as seen:
        slow = client.open(url, method=method, headers=headers)
    assert seen == [1]
    return fast, slow


def assert_same(fast, slow) -> None:
    assert fast.status_code == slow.status_code and fast.data == slow.data
    assert sorted(fast.headers.items()) == sorted(slow.headers.items())
    assert "Set-Cookie" not in fast.headers and "Set-Cookie" not in slow.headers


def personal_feed(app, dbs, agenda_event, make_session, make_delegate) -> tuple[object, str]:
    me = make_delegate()
    signed_in(app, me).post_form(f"/events/{agenda_event.slug}/sessions/{make_session('Mine').id}/signup")
    with app.test_request_context():
        token = issue_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    return me, f"/feeds/{token}.ics"


def test_the_fast_path_gives_flasks_own_304_and_200_for_a_public_agenda(app, dbs, agenda_event, room):
    public(dbs, agenda_event)
    add_sessions(dbs, agenda_event, room, 5)
    url = f"/events/{agenda_event.slug}/agenda.ics"
    with flask_requests(app) as seen:
        first = app.test_client().get(url)  # not built in this worker yet: Flask builds it
    assert first.status_code == 200 and seen == [1]
    tag = first.headers["ETag"]
    fast, slow = fast_and_flask(app, url, **{"If-None-Match": tag})
    assert fast.status_code == 304 and fast.data == b"" and fast.headers["ETag"] == tag
    assert fast.headers["Content-Security-Policy"] and fast.headers["Cache-Control"] == "private, no-cache"
    assert_same(fast, slow)
    fast, slow = fast_and_flask(app, url)  # the cached bytes, unchanged
    assert fast.status_code == 200 and fast.data == first.data and b"BEGIN:VEVENT" in fast.data
    assert_same(fast, slow)
    for headers in ({}, {"If-None-Match": tag}):
        fast, slow = fast_and_flask(app, url, "HEAD", **headers)
        assert fast.data == b"" and fast.status_code == (304 if headers else 200)
        assert_same(fast, slow)


def test_the_fast_path_gives_flasks_own_304_for_a_personal_link_and_none_once_revoked(
        app, dbs, agenda_event, make_session, make_delegate):
    me, url = personal_feed(app, dbs, agenda_event, make_session, make_delegate)
    tag = app.test_client().get(url).headers["ETag"]
    fast, slow = fast_and_flask(app, url, **{"If-None-Match": tag})
    assert fast.status_code == 304
    assert_same(fast, slow)
    with app.test_request_context():
        assert revoke_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    for _ in range(2):
        with flask_requests(app) as seen:
            gone = app.test_client().get(url, headers={"If-None-Match": tag})
        assert gone.status_code == 404 and seen == [1]
    misses = dbs.scalar(select(func.count()).select_from(ThrottleHit).where(ThrottleHit.scope == capabilities.SCOPE))
    assert misses == 2  # Flask counted each miss against the address


def test_a_private_agenda_is_never_answered_to_an_anonymous_visitor(app, dbs, agenda_event, make_session):
    make_session("Closed doors")
    url = f"/events/{agenda_event.slug}/agenda.ics"
    with app.app_context():
        feed = db.read_alone(find_agenda_feed, agenda_event.slug)
        tag = etag_for(agenda_answer(agenda_event.slug, feed, ANONYMOUS).key)
    for match in (f'"{tag}"', "*"):
        with flask_requests(app) as seen:
            response = app.test_client().get(url, headers={"If-None-Match": match})
        assert response.status_code == 404 and seen == [1]


class TestTrustedHosts:
    @pytest.fixture
    def app_config(self, database_url, tmp_path):
        return config_for(database_url, tmp_path, TRUSTED_HOSTS=["summit.test"])

    def test_a_host_flask_refuses_is_refused_by_flask(self, app, dbs, agenda_event, room):
        public(dbs, agenda_event)
        url = f"http://summit.test/events/{agenda_event.slug}/agenda.ics"
        assert app.test_client().get(url).status_code == 200
        with flask_requests(app) as seen:
            assert app.test_client().get(url, headers={"If-None-Match": "*"}).status_code == 304
        assert seen == []
        with flask_requests(app) as seen:
            refused = app.test_client().get(url, headers={"If-None-Match": "*", "Host": "elsewhere.test"})
        assert refused.status_code == 400 and b"does not answer to that host" in refused.data and seen == [1]


def test_a_broken_connection_sends_the_poll_to_flask_and_the_next_poll_connects_afresh(app, dbs, agenda_event):
    public(dbs, agenda_event)
    url = f"/events/{agenda_event.slug}/agenda.ics"
    tag = app.test_client().get(url).headers["ETag"]
    fast, _ = fast_and_flask(app, url, **{"If-None-Match": tag})
    app.wsgi_app.connection.connection.dbapi_connection.close()  # the kept connection goes bad
    with flask_requests(app) as seen:
        assert app.test_client().get(url, headers={"If-None-Match": tag}).status_code == 304
    assert seen == [1]
    again, _ = fast_and_flask(app, url, **{"If-None-Match": tag})
    assert_same(again, fast)


def test_polls_from_many_threads_share_one_kept_connection_and_the_pool_otherwise(app, dbs, agenda_event):
    """A threaded server (the development one starts a thread per request) must not hold a connection per thread."""
    import threading

    from summit import db

    fast = app.wsgi_app
    results: list[object] = []
    start, polled, done = threading.Barrier(8), threading.Barrier(9), threading.Barrier(9)

    def poll() -> None:
        start.wait()
        with app.app_context():
            results.append(fast.read(lambda connection, _: connection.exec_driver_sql("SELECT 1").scalar(), "x"))
        polled.wait()  # every thread still alive while the pool is counted
        done.wait()

    threads = [threading.Thread(target=poll) for _ in range(8)]
    for thread in threads:
        thread.start()
    polled.wait()
    out = db.alone.pool.checkedout()
    done.wait()
    for thread in threads:
        thread.join()
    assert results == [1] * 8
    assert out <= 1, out  # only the kept one stays out: the others went back to the pool
    assert fast.connection is not None and not fast.lock.locked()


def test_a_weakened_etag_still_gets_304_on_both_paths(app, dbs, agenda_event):
    """A proxy that compresses the feed sends W/"…" back (RFC 9110 compares If-None-Match weakly)."""
    public(dbs, agenda_event)
    client = app.test_client()
    url = f"/events/{agenda_event.slug}/agenda.ics"
    tag = client.get(url).headers["ETag"]
    weak = "W/" + tag if not tag.startswith("W/") else tag
    assert client.get(url, headers={"If-None-Match": weak}).status_code == 304  # the fast path
    client.set_cookie("x", "1")  # with a cookie Flask answers
    assert client.get(url, headers={"If-None-Match": weak}).status_code == 304

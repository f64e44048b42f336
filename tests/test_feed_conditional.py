"""Cheap conditional GETs: a feed's ETag from one indexed lookup (the event's feed version, bumped in the same
transaction as any change a feed shows); a 304 renders no template, writes no session, sets no cookie."""

from __future__ import annotations

import re
from contextlib import contextmanager
from datetime import timedelta

from flask import template_rendered
from sqlalchemy import event as sa_event
from sqlalchemy import func, select

from summit import capabilities
from summit.agenda.models import AgendaSession, Room, Visibility
from summit.agenda.services import SessionFields, move_session, update_session
from summit.audit import SYSTEM
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed, revoke_feed
from summit.events.models import Event
from summit.throttle import ThrottleHit
from tests.test_calendar import signed_in
from tests.test_feed_parts import add_sessions


@contextmanager
def watched(app):
    """The SQL statements run (BEGIN left out: PostgreSQL's driver sends none) and the templates rendered."""
    statements, templates = [], []
    engine = app.extensions["summit.engine"]

    def record(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith("BEGIN"):
            statements.append(statement)

    def rendered(_app, template, _context, **_extra):
        templates.append(template.name)

    sa_event.listen(engine, "before_cursor_execute", record)
    template_rendered.connect(rendered, app)
    try:
        yield statements, templates
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)
        template_rendered.disconnect(rendered, app)


def public(dbs, event) -> None:
    dbs.get(Event, event.id).public_agenda = True
    dbs.commit()


def etag(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.headers["ETag"]


def assert_cheap_304(app, client, url: str, tag: str) -> list[str]:
    with watched(app) as (statements, templates):
        response = client.get(url, headers={"If-None-Match": tag})
    assert response.status_code == 304 and response.data == b""
    assert "Set-Cookie" not in response.headers
    assert templates == []
    return statements


def test_an_unchanged_public_agenda_answers_304_from_one_lookup_of_the_event(app, dbs, agenda_event, room, client):
    public(dbs, agenda_event)
    add_sessions(dbs, agenda_event, room, 10)
    url = f"/events/{agenda_event.slug}/agenda.ics"
    tag = etag(client, url)
    small = assert_cheap_304(app, client, url, tag)
    assert len(small) == 1 and "FROM events" in small[0] and "agenda_sessions" not in small[0]
    add_sessions(dbs, agenda_event, room, 990)
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 200
    assert assert_cheap_304(app, client, url, etag(client, url)) == small
    with client.session_transaction() as stored:
        assert dict(stored) == {}  # nothing was written to the visitor's session


def test_an_unchanged_personal_feed_answers_304_without_loading_the_user(app, dbs, agenda_event, make_session,
                                                                          make_delegate):
    me = make_delegate()
    item = make_session("Mine")
    signed_in(app, me).post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup")
    with app.test_request_context():
        token = issue_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    calendar_app = app.test_client()  # a calendar client: no cookie
    url = f"/feeds/{token}.ics"
    tag = etag(calendar_app, url)
    statements = assert_cheap_304(app, calendar_app, url, tag)
    assert len(statements) == 1 and "password_hash" not in statements[0], statements


def test_the_feed_version_moves_with_every_change_a_feed_shows_and_only_then(app, dbs, agenda_event, make_session,
                                                                              make_delegate, organiser_client):
    public(dbs, agenda_event)
    item = make_session("Risk scoring", visibility=Visibility.PUBLIC)
    url = f"/events/{agenda_event.slug}/agenda.ics"
    anonymous = app.test_client()
    seen = [etag(anonymous, url)]

    def changed() -> bool:
        seen.append(etag(anonymous, url))
        return seen[-1] != seen[-2]

    with app.test_request_context():
        moved = dbs.get(AgendaSession, item.id)
        move_session(dbs, SYSTEM, moved, starts_at=moved.starts_at + timedelta(hours=1), room_id=moved.room_id)
        dbs.rollback()
    assert not changed()  # rolled back: the version did not move either
    with app.test_request_context():
        moved = dbs.get(AgendaSession, item.id)
        move_session(dbs, SYSTEM, moved, starts_at=moved.starts_at + timedelta(hours=1), room_id=moved.room_id)
        dbs.commit()
    assert changed()
    dbs.get(Room, item.room_id).name = "Rainier"  # the location every session in the room shows
    dbs.commit()
    assert changed() and b"Rainier" in anonymous.get(url).data
    delegate = signed_in(app, make_delegate())
    delegate.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup")
    assert not changed()  # a sign-up changes no public feed
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/programme/public", {})
    assert response.status_code in (302, 303)
    assert anonymous.get(url, headers={"If-None-Match": seen[-1]}).status_code == 404  # the public agenda is off


def test_a_personal_feed_moves_with_my_sign_ups(app, dbs, agenda_event, make_session, make_delegate):
    me = make_delegate()
    first, second = make_session("First"), make_session("Second", start_hour=14)
    client = signed_in(app, me)
    with app.test_request_context():
        token = issue_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    url = f"/feeds/{token}.ics"
    calendar_app = app.test_client()
    empty = etag(calendar_app, url)
    client.post_form(f"/events/{agenda_event.slug}/sessions/{first.id}/signup")
    one = etag(calendar_app, url)
    client.post_form(f"/events/{agenda_event.slug}/sessions/{second.id}/signup")
    body = calendar_app.get(url, headers={"If-None-Match": one})
    assert len({empty, one, body.headers["ETag"]}) == 3
    assert re.findall(rb"SUMMARY:(\w+)", body.data) == [b"First", b"Second"]


# ---- the cheap path: no cookie, no sign-in, no transaction ----------------------------------------------------

HEADERS = ("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options")


@contextmanager
def every_statement(app):
    """Every statement the database is sent, BEGIN included (SQLite's BEGIN goes through the engine; psycopg's own
    BEGIN does not, so on PostgreSQL this sees what `watched` sees)."""
    statements = []
    engine = app.extensions["summit.engine"]

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement.strip())

    sa_event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa_event.remove(engine, "before_cursor_execute", record)


def test_a_calendar_client_gets_the_public_agenda_without_a_cookie_or_a_transaction(app, dbs, agenda_event, room):
    public(dbs, agenda_event)
    add_sessions(dbs, agenda_event, room, 5)
    url = f"/events/{agenda_event.slug}/agenda.ics"
    calendar_app = app.test_client()
    with every_statement(app) as statements:
        full = calendar_app.get(url)
    assert full.status_code == 200 and b"BEGIN:VEVENT" in full.data
    assert "Set-Cookie" not in full.headers and calendar_app.get_cookie("session") is None
    tag = full.headers["ETag"]
    with every_statement(app) as statements:
        unchanged = calendar_app.get(url, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.data == b"" and "Set-Cookie" not in unchanged.headers
    assert all(unchanged.headers.get(name) for name in HEADERS)  # the security headers stay on the cheap path
    # one indexed lookup of a few columns of the event, outside any transaction: no BEGIN, no series, no sessions
    assert len(statements) == 1, statements
    assert statements[0].startswith("SELECT") and "events.description" not in statements[0]
    assert "series" not in statements[0] and "agenda_sessions" not in statements[0]


def test_a_personal_feed_in_a_signed_in_browser_still_asks_nothing_of_the_sign_in(app, dbs, agenda_event,
                                                                                   make_session, make_delegate):
    """The link is the credential: whoever is signed in in this browser, the feed reads the link and nothing else
    (no sign-in session resumed, no user loaded), and sends no cookie back."""
    me = make_delegate()
    item = make_session("Mine")
    browser = signed_in(app, me)
    browser.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup")
    with app.test_request_context():
        token = issue_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    url = f"/feeds/{token}.ics"
    tag = etag(browser, url)
    with every_statement(app) as statements:
        response = browser.get(url, headers={"If-None-Match": tag})
    assert response.status_code == 304 and "Set-Cookie" not in response.headers
    assert len(statements) == 1 and "user_sessions" not in statements[0], statements
    assert "Sign out" in browser.get("/").get_data(as_text=True)  # the browser's own sign-in is untouched


def test_the_etag_moves_with_one_edited_session_and_a_revoked_link_answers_404_not_304(app, dbs, agenda_event,
                                                                                       make_session, make_delegate):
    me = make_delegate()
    item = make_session("Before")
    signed_in(app, me).post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup")
    with app.test_request_context():
        token = issue_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    url, calendar_app = f"/feeds/{token}.ics", app.test_client()
    before = etag(calendar_app, url)
    with app.test_request_context():
        edited = dbs.get(AgendaSession, item.id)
        update_session(dbs, SYSTEM, edited, SessionFields(title="After", kind=edited.kind, starts_at=edited.starts_at,
                                                          ends_at=edited.ends_at, room_id=edited.room_id,
                                                          seat_limit=edited.seat_limit,
                                                          visibility=edited.visibility))
        dbs.commit()
    changed = calendar_app.get(url, headers={"If-None-Match": before})
    assert changed.status_code == 200 and changed.headers["ETag"] != before and b"SUMMARY:After" in changed.data
    with app.test_request_context():
        assert revoke_feed(dbs, SYSTEM, me, agenda_event, FeedScope.MY_AGENDA)
        dbs.commit()
    gone = calendar_app.get(url, headers={"If-None-Match": changed.headers["ETag"]})
    assert gone.status_code == 404 and b"BEGIN:VCALENDAR" not in gone.data
    misses = dbs.scalar(select(func.count()).select_from(ThrottleHit).where(ThrottleHit.scope == capabilities.SCOPE))
    assert misses == 1  # a revoked link is a miss like any other, counted against the address

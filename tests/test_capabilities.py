"""Capability links, everywhere the same: one throttle for every token lookup, new links shown once and never kept
in the session cookie."""

from __future__ import annotations

import json
import re
import secrets
from datetime import timedelta

import pytest
from sqlalchemy import select

from summit.audit import SYSTEM
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed, revoke_feed
from summit.invitations.services import invite, revoke_invitation
from summit.mail.models import OutboxMessage

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
SOMEONE_ELSE = {"REMOTE_ADDR": "198.51.100.7"}
LINK = re.compile(r'value="http://summit\.test(/feeds/([A-Za-z0-9_-]{43})\.ics)"')


def guess() -> str:
    return secrets.token_urlsafe(32)


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def feed_link(dbs, event, make_user):
    """A live personal feed link of a delegate."""
    token = issue_feed(dbs, SYSTEM, make_user("delegate"), event, FeedScope.MY_AGENDA)
    dbs.commit()
    return f"/feeds/{token}.ics"


@pytest.fixture
def rsvp_link(app, dbs, make_organisation):
    """Invite someone to `event` and return the personal link from their email."""
    def make(event, email: str | None = None) -> str:
        email = email or f"{guess()[:8].lower()}@example.org"
        with app.test_request_context():
            invite(dbs, SYSTEM, event, name="Rep", email=email, organisation_name=make_organisation().name,
                   job_title="Engineer", send=True)
            dbs.commit()
        body = dbs.scalar(select(OutboxMessage.text_body).where(OutboxMessage.to_address == email)
                          .order_by(OutboxMessage.id.desc()).limit(1))
        return re.search(r"/rsvp/[A-Za-z0-9_-]{43}", body).group(0)

    return make


# ---- one throttle for every token lookup -------------------------------------------------------------------

def test_forty_feed_misses_from_one_address_get_429_from_the_limit_on(app, client, feed_link):
    statuses = [client.get(f"/feeds/{guess()}.ics", environ_base=ATTACKER).status_code for _ in range(40)]
    assert statuses == [404] * 20 + [429] * 20
    assert client.get(feed_link, environ_base=ATTACKER).status_code == 429  # even a good link, so guesses learn nothing
    good = app.test_client().get(feed_link, environ_base=SOMEONE_ELSE)
    assert good.status_code == 200 and good.mimetype == "text/calendar"


def test_rsvp_and_feed_links_share_one_budget_of_misses(app, client, event, feed_link, rsvp_link):
    link = rsvp_link(event)
    statuses = [client.get(url, environ_base=ATTACKER).status_code
                for _ in range(10) for url in (f"/feeds/{guess()}.ics", f"/rsvp/{guess()}")]
    assert statuses == [404] * 20
    assert client.get(link, environ_base=ATTACKER).status_code == 429
    assert client.get(feed_link, environ_base=ATTACKER).status_code == 429
    assert app.test_client().get(link, environ_base=SOMEONE_ELSE).status_code == 303
    assert app.test_client().get(feed_link, environ_base=SOMEONE_ELSE).status_code == 200


def test_unknown_malformed_revoked_and_expired_links_are_all_misses_that_look_alike(app, client, dbs, event,
                                                                                    make_event, make_user,
                                                                                    rsvp_link):
    app.config["CAPABILITY_MISS_LIMIT"] = 7  # the limit is a setting
    user = make_user("delegate")
    revoked_feed = issue_feed(dbs, SYSTEM, user, event, FeedScope.MY_AGENDA)
    revoke_feed(dbs, SYSTEM, user, event, FeedScope.MY_AGENDA)
    dbs.commit()
    revoked_rsvp = rsvp_link(event)
    from summit.invitations.models import Invitation

    revoke_invitation(dbs, SYSTEM, dbs.scalars(select(Invitation)).one())
    dbs.commit()
    expired_rsvp = rsvp_link(make_event("closed", starts_in=timedelta(days=3)))  # its RSVP deadline has passed
    misses = [f"/feeds/{guess()}.ics", "/feeds/short.ics", f"/feeds/{revoked_feed}.ics",
              f"/rsvp/{guess()}", "/rsvp/" + "!" * 43, revoked_rsvp, expired_rsvp]
    pages = [client.get(url, environ_base=ATTACKER) for url in misses]
    assert [p.status_code for p in pages] == [404] * 7
    assert len({p.get_data() for p in pages}) == 1
    assert client.get(f"/feeds/{guess()}.ics", environ_base=ATTACKER).status_code == 429


# ---- a new link is shown in the answer, never carried in the session cookie --------------------------------

def session_of(app, client) -> str:
    """The signed session cookie's contents, decoded the way the app reads it."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"])
    return json.dumps(app.session_interface.get_signing_serializer(app).loads(cookie.value)) if cookie else ""


@pytest.mark.parametrize("page", ["/profile/calendar", "/events/test-summit/commitments/calendar"])
def test_a_new_feed_link_is_shown_once_in_the_answer_and_never_stored_in_the_session(app, event, make_user, page):
    client = app.test_client()
    assert client.sign_in(make_user("delegate").person.email).status_code == 303
    response = client.post_form(page)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    link, token = LINK.search(html).groups()
    assert re.search(r"<h2[^>]*>Your new [^<]*link</h2>", html) and "Copy it now" in html
    assert '<label for="feed-url">' in html and re.search(r'<input id="feed-url" type="text" readonly', html)
    assert token not in " ".join(response.headers.getlist("Set-Cookie"))
    assert token not in session_of(app, client)
    assert token not in client.get(page).get_data(as_text=True)  # shown once
    assert app.test_client().get(link).status_code == 200

"""Capability links, everywhere the same: one throttle for every token lookup, new links shown once and never kept
in the session cookie, and no token in any log Summit (or the server in front of it) writes."""

from __future__ import annotations

import json
import logging
import re
import secrets
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from summit.audit import SYSTEM
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed, revoke_feed
from summit.invitations.services import invite, revoke_invitation
from summit.mail.models import OutboxMessage
from tests import webclient as http

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
    # A good link still works from that address: it may be a calendar fetcher or a company's NAT shared with
    # someone whose stale link keeps missing (guessing a 256-bit token is hopeless anyway).
    assert client.get(feed_link, environ_base=ATTACKER).status_code == 200
    good = app.test_client().get(feed_link, environ_base=SOMEONE_ELSE)
    assert good.status_code == 200 and good.mimetype == "text/calendar"


def test_rsvp_and_feed_links_share_one_budget_of_misses(app, client, event, feed_link, rsvp_link):
    link = rsvp_link(event)
    statuses = [client.get(url, environ_base=ATTACKER).status_code
                for _ in range(10) for url in (f"/feeds/{guess()}.ics", f"/rsvp/{guess()}")]
    assert statuses == [404] * 20
    assert client.get(f"/rsvp/{guess()}", environ_base=ATTACKER).status_code == 429
    assert client.get(f"/feeds/{guess()}.ics", environ_base=ATTACKER).status_code == 429
    assert client.get(feed_link, environ_base=ATTACKER).status_code == 200
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
    assert re.search(r"<h([23])[^>]*>Your new [^<]*link</h\1>", html) and "Copy it now" in html
    assert '<label for="feed-url">' in html and re.search(r'<input id="feed-url" type="text" readonly', html)
    assert token not in " ".join(response.headers.getlist("Set-Cookie"))
    assert token not in session_of(app, client)
    assert token not in client.get(page).get_data(as_text=True)  # shown once
    assert app.test_client().get(link).status_code == 200


# ---- no token in any log -------------------------------------------------------------------------------------

def test_the_development_servers_request_log_masks_every_capability_token(app, caplog):
    caplog.set_level(logging.INFO)
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    tokens = [guess() for _ in range(3)]
    try:
        for path in (f"/rsvp/{tokens[0]}", f"/feeds/{tokens[1]}.ics", f"/login/link/{tokens[2]}?next=/",
                     "/rsvp/done"):
            http.get(f"http://127.0.0.1:{server.server_port}{path}")
    finally:
        server.shutdown()
        thread.join()
    requests = [r.getMessage() for r in caplog.records if r.name == "werkzeug"]
    assert len(requests) == 4
    assert not [line for line in requests if any(token in line for token in tokens)]
    for masked in ("GET /rsvp/<redacted> HTTP", "GET /feeds/<redacted>.ics HTTP", "GET /login/link/<redacted>?next=/",
                   "GET /rsvp/done HTTP"):
        assert any(masked in line for line in requests), masked


def test_summits_own_logs_and_gunicorns_mask_tokens_even_in_tracebacks(app, caplog):
    caplog.set_level(logging.INFO)
    token = guess()
    app.logger.error("Exception on /rsvp/%s [GET]", token)
    logging.getLogger("summit.mail.services").info("mail 3 to be retried: http://summit.test/rsvp/%s", token)
    logging.getLogger("gunicorn.access").info('%(h)s "%(r)s" %(s)s', {"h": "127.0.0.1", "s": "404",
                                                                      "r": f"GET /feeds/{token}.ics HTTP/1.1"})
    try:
        raise LookupError(f"/login/link/{token}")
    except LookupError:
        logging.getLogger("gunicorn.error").exception("Error handling request GET /login%%2Flink%%2F%s", token)
    assert len(caplog.records) == 4
    assert token not in caplog.text
    assert caplog.text.count("<redacted>") == 5


@pytest.mark.parametrize("options", [("-c", "deploy/gunicorn.conf.py"), ("--access-logfile", "-")],
                         ids=["deploy-config", "plain-access-log"])
def test_gunicorns_access_log_masks_tokens(live_server, tmp_path: Path, feed_link, options):
    base = live_server(workers=1, args=options)
    token = guess()
    for path in (f"/rsvp/{token}", f"/feeds/{token}.ics", feed_link, f"/login/link/{token}"):
        http.get(base + path)
    assert http.get(base + "/healthz").status == 200  # one sync worker: the lines before this one are written
    log = (tmp_path / f"gunicorn-{base.rsplit(':', 1)[1]}.log").read_text()
    assert token not in log and feed_link.split("/")[-1][:-4] not in log
    for masked in ('"GET /rsvp/<redacted> HTTP/1.1" 404', '"GET /feeds/<redacted>.ics HTTP/1.1" 404',
                   '"GET /feeds/<redacted>.ics HTTP/1.1" 200', '"GET /login/link/<redacted> HTTP/1.1" 404'):
        assert masked in log, log


def test_sign_in_links_share_the_one_capability_budget(app, client):
    """Guessing sign-in links costs the same as guessing feed or RSVP links: one budget of misses per address."""
    app.config["CAPABILITY_MISS_LIMIT"] = 3
    guesses = [client.get(f"/login/link/{'x' * 43}") for _ in range(2)]
    guesses.append(client.get(f"/feeds/{'y' * 43}.ics"))
    assert [g.status_code for g in guesses] == [404, 404, 404]
    assert client.get(f"/login/link/{'z' * 43}").status_code == 429
    assert client.post_form(f"/login/link/{'z' * 43}").status_code == 429

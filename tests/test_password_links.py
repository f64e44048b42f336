"""Password links by email: "Forgot your password?" gives the same answer whether or not the address has an
account; a new account's owner sets their own password from a link. Either link works once, within its time, is
replaced by a newer one, is stored only as a hash, and using it ends every session of the account."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from markupsafe import escape
from sqlalchemy import func, select

from summit.auth.models import LinkEnd, PasswordLink, PasswordPurpose, SessionEnd, User, UserSession
from summit.auth.password_links import LINK_NOT_VALID, RESETS_THROTTLED
from summit.logmask import mask
from summit.mail.models import OutboxMessage
from summit.mail.worker import deliver_once
from tests.conftest import PASSWORD
from tests.webclient import CSRF_RE

LINK_RE = re.compile(r"http://summit\.test(/password/[A-Za-z0-9_-]{43})")
NEW_PASSWORD = "a brand new passphrase"


@pytest.fixture
def app_config(smtp_app_config):
    return smtp_app_config


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def forgot(client, email: str):
    return client.post_form("/login/forgot", {"email": email})


def mailed_links(dbs, kind: str = "password_reset") -> list[str]:
    dbs.expire_all()
    bodies = dbs.scalars(select(OutboxMessage.text_body).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id))
    return [LINK_RE.search(body).group(1) for body in bodies]


def set_password(client, path: str, password: str = NEW_PASSWORD, confirm: str | None = None):
    return client.post_form(path, {"password": password, "confirm": password if confirm is None else confirm})


def signed_in(client) -> bool:
    return client.get("/account/security").status_code == 200


def test_a_forgotten_password_is_reset_by_a_link_that_ends_every_session(app, dbs, organiser):
    elsewhere = client_at(app, "198.51.100.20")
    assert elsewhere.sign_in(organiser.person.email).status_code == 303 and signed_in(elsewhere)

    owner = client_at(app, "198.51.100.7")
    assert 'href="/login/forgot"' in owner.get("/login").get_data(as_text=True)
    response = forgot(owner, organiser.person.email.upper())
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "we have emailed it a link to set a new password" in owner.get("/login").get_data(as_text=True)
    [path] = mailed_links(dbs)

    page = owner.get(path)  # opening the link changes nothing: a mail scanner may fetch it
    assert page.status_code == 200 and organiser.person.email in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"
    response = set_password(owner, path)
    assert response.status_code == 303 and response.headers["Location"] == "/login"

    assert not signed_in(elsewhere)
    dbs.expire_all()
    assert dbs.scalar(select(UserSession.ended_reason)) is SessionEnd.PASSWORD_CHANGED
    assert owner.sign_in(organiser.person.email, PASSWORD).status_code == 401
    assert owner.sign_in(organiser.person.email, NEW_PASSWORD).status_code == 303

    again = client_at(app, "192.0.2.50")  # the link is spent
    response = set_password(again, path, "yet another passphrase")
    assert response.status_code == 404 and str(escape(LINK_NOT_VALID)) in response.get_data(as_text=True)
    assert dbs.scalar(select(PasswordLink.ended_reason)) is LinkEnd.USED


def test_the_link_is_stored_only_as_a_hash_and_mailed_to_the_account(app, dbs, organiser, smtp_server):
    forgot(client_at(app, "198.51.100.7"), organiser.person.email)
    [path] = mailed_links(dbs)
    token = path.rsplit("/", 1)[1]
    link = dbs.scalars(select(PasswordLink)).one()
    assert token not in (link.token_hash, link.requested_from) and len(link.token_hash) == 64
    assert link.purpose is PasswordPurpose.RESET
    assert link.expires_at - link.created_at == timedelta(hours=1)
    assert deliver_once(app)["sent"] == 1
    [mail] = smtp_server.messages
    assert mail["To"].addresses[0].addr_spec == organiser.person.email and mail["Subject"] == "Set a new password"
    assert path in mail.get_body(("html",)).get_content() and "within 1 hour" in mail.get_body(("plain",)).get_content()


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, dbs, organiser):
    answers = []
    for address, email in (("192.0.2.10", organiser.person.email), ("192.0.2.11", "nobody@example.org")):
        client = client_at(app, address)
        response = forgot(client, email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.get_data(as_text=True), CSRF_RE.sub("", page)))
    assert answers[0] == answers[1]
    assert len(mailed_links(dbs)) == 1


def test_a_switched_off_account_gets_no_link(app, dbs, make_user):
    user = make_user("secretariat")
    user.active = False
    dbs.add(user)
    dbs.commit()
    assert forgot(client_at(app, "192.0.2.12"), user.person.email).status_code == 303
    assert dbs.scalar(select(func.count()).select_from(PasswordLink)) == 0


@pytest.mark.clock
def test_a_link_works_for_an_hour(app, dbs, organiser):
    forgot(client_at(app, "192.0.2.13"), organiser.person.email)
    [path] = mailed_links(dbs)
    reader = client_at(app, "192.0.2.14")
    start = datetime.now(UTC)
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert reader.get(path).status_code == 200
    with time_machine.travel(start + timedelta(minutes=61), tick=False):
        assert reader.get(path).status_code == 404
        response = set_password(reader, path)
        assert response.status_code == 404 and str(escape(LINK_NOT_VALID)) in response.get_data(as_text=True)
    dbs.expire_all()
    assert dbs.scalar(select(PasswordLink.ended_at)) is None  # expired, not used


def test_a_newer_link_replaces_the_older_and_a_bad_password_spends_nothing(app, dbs, organiser):
    owner = client_at(app, "192.0.2.15")
    forgot(owner, organiser.person.email)
    forgot(owner, organiser.person.email)
    older, newer = mailed_links(dbs)
    assert owner.get(older).status_code == 404
    response = set_password(owner, newer, NEW_PASSWORD, "something else entirely")
    assert response.status_code == 422 and "The two passwords are not the same." in response.get_data(as_text=True)
    response = set_password(owner, newer, "short")
    assert response.status_code == 422
    assert set_password(owner, newer).status_code == 303


def test_links_are_limited_per_address_and_per_account(app, dbs, organiser, make_user):
    owner = client_at(app, "192.0.2.16")
    for _ in range(3):
        assert forgot(owner, organiser.person.email).status_code == 303
    refused = forgot(client_at(app, "192.0.2.17"), organiser.person.email)  # per account, from anywhere
    assert refused.status_code == 429 and RESETS_THROTTLED in refused.get_data(as_text=True)
    other = make_user("secretariat")
    assert forgot(owner, other.person.email).status_code == 429  # per address, whatever the account
    assert forgot(client_at(app, "192.0.2.18"), other.person.email).status_code == 303
    assert len(mailed_links(dbs)) == 4


def test_password_link_guesses_count_against_the_one_capability_throttle(app, dbs):
    app.config["CAPABILITY_MISS_LIMIT"] = 3
    guesser = client_at(app, "203.0.113.99")
    assert [guesser.get("/password/" + "A" * 43).status_code for _ in range(3)] == [404] * 3
    assert guesser.get("/password/" + "B" * 43).status_code == 429
    assert guesser.get("/login/link/" + "C" * 43).status_code == 429


def test_a_password_reset_lifts_the_pause_on_the_account(app, dbs, organiser):
    stranger = client_at(app, "203.0.113.66")
    for _ in range(10):
        stranger.sign_in(organiser.person.email, "a wrong guess")
    owner = client_at(app, "198.51.100.7")
    assert owner.sign_in(organiser.person.email).status_code == 429
    forgot(owner, organiser.person.email)
    [path] = mailed_links(dbs)
    assert set_password(owner, path).status_code == 303
    assert owner.sign_in(organiser.person.email, NEW_PASSWORD).status_code == 303


def test_organisers_do_not_type_a_new_users_password(organiser_client, app, dbs, make_organisation):
    make_organisation("Thorn", kind="ngo")
    page = organiser_client.get("/admin/users").get_data(as_text=True)
    assert 'name="password"' not in page
    response = organiser_client.post_form("/admin/users", {"name": "Julia Kessler", "email": "julia@thorn.example",
                                                           "role": "delegate", "organisation": "Thorn"})
    assert response.status_code == 303
    user = dbs.scalar(select(User).join(User.person).where(User.role == "delegate"))
    assert user.password_hash is None
    [path] = mailed_links(dbs, "password_welcome")
    link = dbs.scalars(select(PasswordLink)).one()
    assert link.purpose is PasswordPurpose.WELCOME and link.expires_at - link.created_at == timedelta(days=3)

    resend = organiser_client.post_form(f"/admin/users/{user.id}/password-link")
    assert resend.status_code == 303
    older, newer = mailed_links(dbs, "password_welcome")
    julia = client_at(app, "192.0.2.30")
    assert older == path and julia.get(older).status_code == 404
    assert set_password(julia, newer).status_code == 303
    assert julia.sign_in("julia@thorn.example", NEW_PASSWORD).status_code == 303 and signed_in(julia)


def test_password_link_tokens_are_masked_in_logs():
    token = "x" * 43
    assert mask(f"GET /password/{token} HTTP/1.1") == "GET /password/<redacted> HTTP/1.1"

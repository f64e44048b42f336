"""A stranger's wrong passwords pause sign-in for an account, but the real person gets in with a one-time link sent
to the account's own address: single use, short-lived, replaced by a newer one, rate-limited, and asked for with
the same answer whether or not the address has an account."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from summit.audit import AuditEntry
from summit.auth.models import LinkEnd, SessionEnd, SignInLink, UserSession
from summit.auth.sign_in_links import LINK_INVALID, LINKS_THROTTLED
from summit.mail.models import OutboxMessage
from summit.mail.worker import deliver_once
from tests.webclient import CSRF_RE

STRANGER, OWNER = "203.0.113.66", "198.51.100.7"
LINK_RE = re.compile(r"http://summit\.test(/login/link/[A-Za-z0-9_-]{43})")


@pytest.fixture
def app_config(smtp_app_config):
    return smtp_app_config


def client_at(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def pause(app, email: str, address: str = STRANGER) -> None:
    """Ten wrong passwords for `email` from a stranger's address."""
    stranger = client_at(app, address)
    for _ in range(10):
        assert stranger.sign_in(email, "a wrong guess").status_code == 401


def ask_for_link(client, email: str):
    return client.post_form("/login/link", {"link-email": email})


def queued_links(dbs) -> list[str]:
    dbs.expire_all()
    bodies = dbs.scalars(select(OutboxMessage.text_body).where(OutboxMessage.kind == "sign_in_link")
                         .order_by(OutboxMessage.id))
    return [LINK_RE.search(body).group(1) for body in bodies]


def signed_in(client) -> bool:
    return client.get("/admin/users").status_code == 200


def test_a_strangers_guesses_do_not_lock_the_owner_out(app, dbs, organiser, smtp_server):
    pause(app, organiser.person.email)
    owner = client_at(app, OWNER)
    refused = owner.sign_in(organiser.person.email)  # the right password, from another address
    assert refused.status_code == 429
    page = refused.get_data(as_text=True)
    assert "Email me a sign-in link" in page and 'name="link-email"' in page

    response = ask_for_link(owner, organiser.person.email)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert "we have emailed it a one-time sign-in link" in owner.get("/login").get_data(as_text=True)
    assert deliver_once(app)["sent"] == 1
    [mail] = smtp_server.messages
    assert mail["To"].addresses[0].addr_spec == organiser.person.email
    path = LINK_RE.search(mail.get_body(("plain",)).get_content()).group(1)
    assert path in mail.get_body(("html",)).get_content()

    confirm = owner.get(path)  # a mail scanner fetching the link signs nobody in
    assert confirm.status_code == 200 and f"Sign in as {organiser.person.name}" in confirm.get_data(as_text=True)
    assert not signed_in(owner)
    response = owner.post_form(path)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert signed_in(owner)

    dbs.expire_all()
    login = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "auth.login")).one()
    assert login.after["via"] == "sign-in link" and login.actor_id == organiser.id
    session = dbs.get(UserSession, login.after["session"])
    assert session.user_id == organiser.id and session.ip_address == OWNER and session.ended_at is None
    sent = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "auth.link_sent")).one()
    assert sent.target_id == organiser.id and OWNER in sent.actor_label
    assert client_at(app, STRANGER).sign_in(organiser.person.email).status_code == 429  # the limit still holds


def test_a_link_works_once(app, dbs, organiser):
    pause(app, organiser.person.email)
    owner = client_at(app, OWNER)
    ask_for_link(owner, organiser.person.email)
    [path] = queued_links(dbs)
    assert owner.post_form(path).status_code == 303

    again = client_at(app, STRANGER)
    assert again.get(path).status_code == 404
    response = again.post_form(path)
    assert response.status_code == 404 and LINK_INVALID in response.get_data(as_text=True)
    assert not signed_in(again)
    assert dbs.scalar(select(SignInLink.ended_reason)) is LinkEnd.USED
    owner.post_form("/logout")  # signing out ends the link's session like any other
    assert dbs.scalar(select(UserSession.ended_reason)) is SessionEnd.SIGN_OUT


def test_expired_used_replaced_and_unknown_links_get_the_same_page(app, dbs, organiser):
    pause(app, organiser.person.email)
    owner = client_at(app, OWNER)
    ask_for_link(owner, organiser.person.email)
    ask_for_link(owner, organiser.person.email)
    replaced, used = queued_links(dbs)
    assert owner.post_form(used).status_code == 303
    ask_for_link(client_at(app, "192.0.2.9"), organiser.person.email)
    expiring = queued_links(dbs)[-1]
    reader = client_at(app, "192.0.2.8")
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=16), tick=False):
        expired = reader.get(expiring)
        assert reader.post_form(expiring).status_code == 404
    pages = [reader.get("/login/link/" + "A" * 43), reader.get("/login/link/not-a-token"), expired,
             reader.get(replaced), reader.get(used)]
    assert [page.status_code for page in pages] == [404] * 5
    assert len({page.get_data(as_text=True) for page in pages}) == 1
    assert LINK_INVALID in expired.get_data(as_text=True)
    assert not signed_in(reader)


def test_a_newer_link_replaces_the_older(app, dbs, organiser):
    pause(app, organiser.person.email)
    owner = client_at(app, OWNER)
    ask_for_link(owner, organiser.person.email)
    ask_for_link(owner, organiser.person.email)
    older, newer = queued_links(dbs)
    assert owner.post_form(older).status_code == 404
    assert owner.post_form(newer).status_code == 303 and signed_in(owner)


def test_links_are_limited_per_address_and_per_account(app, dbs, organiser, make_user):
    pause(app, organiser.person.email)
    owner = client_at(app, OWNER)
    for _ in range(3):
        assert ask_for_link(owner, organiser.person.email).status_code == 303
    refused = ask_for_link(client_at(app, "192.0.2.1"), organiser.person.email)  # per account, from anywhere
    assert refused.status_code == 429 and LINKS_THROTTLED in refused.get_data(as_text=True)
    assert len(queued_links(dbs)) == 3

    other = make_user("secretariat")
    pause(app, other.person.email, "203.0.113.67")
    assert ask_for_link(owner, other.person.email).status_code == 429  # per address: OWNER has asked thrice
    assert ask_for_link(client_at(app, "192.0.2.2"), other.person.email).status_code == 303
    assert len(queued_links(dbs)) == 4


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(app, dbs, organiser):
    pause(app, organiser.person.email)
    pause(app, "nobody@example.org", "203.0.113.67")
    answers = []
    for address, email in (("192.0.2.10", organiser.person.email), ("192.0.2.11", "nobody@example.org")):
        client = client_at(app, address)
        response = ask_for_link(client, email)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        answers.append((response.status_code, response.get_data(as_text=True), CSRF_RE.sub("", page)))
    assert answers[0] == answers[1]
    assert len(queued_links(dbs)) == 1


def test_no_link_is_sent_while_sign_in_is_not_paused(app, dbs, organiser, make_user):
    assert ask_for_link(client_at(app, OWNER), organiser.person.email).status_code == 303
    switched_off = make_user("delegate")
    switched_off.active = False
    dbs.add(switched_off)
    dbs.commit()
    pause(app, switched_off.person.email, "203.0.113.67")
    assert ask_for_link(client_at(app, "192.0.2.3"), switched_off.person.email).status_code == 303
    assert dbs.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert dbs.scalar(select(func.count()).select_from(SignInLink)) == 0


def test_the_link_offer_page_is_accessible(app, organiser):
    from tests.test_accessibility import Controls

    pause(app, organiser.person.email)
    page = Controls()
    page.feed(client_at(app, OWNER).sign_in(organiser.person.email).get_data(as_text=True))
    assert page.h1 == 1 and page.main == 1
    assert all(control.get("id") in page.labels for control in page.controls)
    assert len(page.ids) == len(set(page.ids))

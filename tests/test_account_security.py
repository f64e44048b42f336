"""Profile -> security: a person sees each of their sign-ins (when, last seen, browser, address) and ends any or all
of the others; a staff sign-in ends after its own idle time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from summit.audit import AuditEntry
from summit.auth.models import SessionEnd, UserSession

FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/18.0 Mobile/15E148 Safari/604.1")


def browser(app, user, address: str, agent: str):
    client = app.test_client()
    client.environ_base.update(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    assert client.sign_in(user.person.email).status_code == 303
    return client


def is_signed_in(client) -> bool:
    return client.get("/account/security").status_code == 200


def sessions(dbs, user) -> list[UserSession]:
    dbs.expire_all()
    return list(dbs.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)))


def test_the_security_page_lists_each_sign_in_and_marks_this_one(app, delegate):
    laptop = browser(app, delegate, "198.51.100.1", FIREFOX)
    phone = browser(app, delegate, "198.51.100.2", IPHONE)
    page = phone.get("/account/security").get_data(as_text=True)
    assert "Firefox on Linux" in page and "198.51.100.1" in page
    assert "Safari on iPhone" in page and "198.51.100.2" in page
    assert page.count("This browser") == 1 and page.count('name="session"') == 1
    assert 'href="/account/security"' in page  # the header links to it
    assert is_signed_in(laptop)


def test_a_person_ends_one_other_sign_in(app, dbs, delegate):
    laptop = browser(app, delegate, "198.51.100.1", FIREFOX)
    phone = browser(app, delegate, "198.51.100.2", IPHONE)
    kept = browser(app, delegate, "198.51.100.3", FIREFOX)
    first, _, _ = sessions(dbs, delegate)
    response = phone.post_form("/account/security/sessions/end", {"session": str(first.id)})
    assert response.status_code == 303 and response.headers["Location"] == "/account/security"
    assert "Ended the sign-in from Firefox on Linux at 198.51.100.1." in phone.get("/account/security").get_data(
        as_text=True)
    assert not is_signed_in(laptop) and is_signed_in(phone) and is_signed_in(kept)
    assert sessions(dbs, delegate)[0].ended_reason is SessionEnd.REVOKED
    entry = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "auth.session_end")).one()
    assert entry.actor_id == delegate.id and entry.after["session"] == first.id


def test_nobody_ends_another_persons_sign_in_or_their_own_current_one_this_way(app, dbs, delegate, make_user):
    other = make_user("delegate")
    theirs = browser(app, other, "198.51.100.9", FIREFOX)
    mine = browser(app, delegate, "198.51.100.1", FIREFOX)
    their_row, = sessions(dbs, other)
    my_row, = sessions(dbs, delegate)
    response = mine.post_form("/account/security/sessions/end", {"session": str(their_row.id)})
    assert response.status_code == 303
    assert "That sign-in has already ended." in mine.get("/account/security").get_data(as_text=True)
    mine.post_form("/account/security/sessions/end", {"session": str(my_row.id)})
    assert "use Sign out to end it" in mine.get("/account/security").get_data(as_text=True)
    assert is_signed_in(theirs) and is_signed_in(mine)
    assert [row.ended_at for row in sessions(dbs, other) + sessions(dbs, delegate)] == [None, None]


def test_sign_out_everywhere_else(app, dbs, organiser, delegate):
    others = [browser(app, organiser, f"198.51.100.{n}", FIREFOX) for n in (1, 2)]
    here = browser(app, organiser, "198.51.100.3", IPHONE)
    someone_else = browser(app, delegate, "198.51.100.4", FIREFOX)
    assert here.post_form("/account/security/sessions/end-others").status_code == 303
    assert "Ended 2 other sign-ins." in here.get("/account/security").get_data(as_text=True)
    assert not any(is_signed_in(client) for client in others)
    assert is_signed_in(here) and is_signed_in(someone_else)
    here.post_form("/account/security/sessions/end-others")
    assert "You are not signed in anywhere else." in here.get("/account/security").get_data(as_text=True)
    assert [row.ended_reason for row in sessions(dbs, organiser)] == [SessionEnd.REVOKED] * 2 + [None]


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get("/account/security")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


@pytest.mark.clock
def test_staff_have_an_idle_time_of_their_own(app, organiser, delegate):
    app.config.update(STAFF_SESSION_IDLE_SECONDS=30 * 60)
    staff = browser(app, organiser, "198.51.100.1", FIREFOX)
    member = browser(app, delegate, "198.51.100.2", FIREFOX)
    start = datetime.now(UTC)
    with time_machine.travel(start + timedelta(minutes=29), tick=False):
        assert is_signed_in(staff)
    with time_machine.travel(start + timedelta(minutes=29 + 31), tick=False):
        assert not is_signed_in(staff)
        assert is_signed_in(member)  # delegates keep SESSION_IDLE_SECONDS (8 hours)


def test_the_staff_idle_time_defaults_to_eight_hours(app):
    assert app.config["STAFF_SESSION_IDLE_SECONDS"] == 8 * 3600

"""Sign-in sessions live on the server: sign-out, password and role changes, deactivation and revocation end them at
once, and they end by themselves when idle or too old. A copied cookie is worth nothing afterwards."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from summit.audit import SYSTEM, AuditEntry
from summit.auth.models import SessionEnd, User, UserSession
from summit.auth.services import set_password
from summit.auth.sessions import describe_agent, session_state
from tests.webclient import CSRF_RE

IDLE = timedelta(hours=8)
ABSOLUTE = timedelta(days=7)


def signed_in(app, user):
    client = app.test_client()
    assert client.sign_in(user.person.email).status_code == 303
    return client


def is_signed_in(client) -> bool:
    response = client.get("/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


def rows(dbs, user) -> list[UserSession]:
    dbs.expire_all()
    return list(dbs.scalars(select(UserSession).where(UserSession.user_id == user.id).order_by(UserSession.id)))


def later(delta: timedelta):
    """The clock moved on by `delta` (frozen there): sessions are judged against this time."""
    return time_machine.travel(datetime.now(UTC) + delta, tick=False)


# ---- sign-out -------------------------------------------------------------------------------------------------

def test_a_cookie_copied_before_sign_out_no_longer_signs_in(app, client, organiser):
    client.sign_in(organiser.person.email)
    copied = client.get_cookie("session").value
    assert client.get("/admin/users").status_code == 200

    assert client.post_form("/logout").status_code == 303
    replay = app.test_client()
    replay.set_cookie("session", copied)
    response = replay.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_the_cookie_names_a_row_by_a_secret_stored_only_as_its_hash(app, client, dbs, organiser):
    client.sign_in(organiser.person.email)
    cookie = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    [row] = rows(dbs, organiser)
    assert len(cookie["sid"]) == 43  # 256 bits, URL-safe base64
    assert row.token_hash == hashlib.sha256(cookie["sid"].encode()).hexdigest() != cookie["sid"]
    assert row.expires_at == row.created_at + ABSOLUTE and row.ended_at is None
    assert row.ip_address == "127.0.0.1" and row.user_agent


def test_sign_out_ends_only_that_session_and_is_audited(app, dbs, organiser):
    laptop, phone = signed_in(app, organiser), signed_in(app, organiser)
    laptop.post_form("/logout")
    assert not is_signed_in(laptop) and is_signed_in(phone)
    first, second = rows(dbs, organiser)
    assert first.ended_reason is SessionEnd.SIGN_OUT and second.ended_at is None
    entry = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "auth.session_end")).one()
    assert entry.after == {"session": first.id, "reason": "sign_out"} and entry.actor_id == organiser.id


def test_each_sign_in_gets_a_new_session(app, client, dbs, organiser):
    client.sign_in(organiser.person.email)
    before = client.get_cookie("session").value
    client.sign_in(organiser.person.email)
    assert client.get_cookie("session").value != before
    assert len(rows(dbs, organiser)) == 2


# ---- changes to the account end its sessions at once -------------------------------------------------------------

def test_a_role_change_ends_every_session_of_that_account(app, dbs, organiser_client, make_user):
    user = make_user("secretariat")
    laptop, phone = signed_in(app, user), signed_in(app, user)
    response = organiser_client.post_form(f"/admin/users/{user.id}", {"role": "organiser", "active": "y"})
    assert response.status_code == 303
    assert not is_signed_in(laptop) and not is_signed_in(phone)
    assert {row.ended_reason for row in rows(dbs, user)} == {SessionEnd.ROLE_CHANGED}
    assert is_signed_in(organiser_client)  # the organiser who made the change stays signed in


def test_saving_an_account_unchanged_keeps_its_sessions(app, dbs, organiser_client, make_user):
    user = make_user("secretariat")
    laptop = signed_in(app, user)
    organiser_client.post_form(f"/admin/users/{user.id}", {"role": "secretariat", "active": "y"})
    assert is_signed_in(laptop)


def test_switching_an_account_off_ends_its_sessions(app, dbs, organiser_client, make_user):
    user = make_user("delegate")
    laptop = signed_in(app, user)
    organiser_client.post_form(f"/admin/users/{user.id}", {"role": "delegate"})  # "active" unticked
    assert not is_signed_in(laptop)
    assert [row.ended_reason for row in rows(dbs, user)] == [SessionEnd.DEACTIVATED]
    user = dbs.get(User, user.id)
    user.active = True  # switched on again by hand: the old session stays ended
    dbs.commit()
    assert not is_signed_in(laptop)


def test_a_new_password_ends_every_other_session(app, dbs, make_user):
    user = make_user("secretariat")
    here, elsewhere = signed_in(app, user), signed_in(app, user)
    current = rows(dbs, user)[0]
    set_password(dbs, SYSTEM, dbs.get(User, user.id), "a brand new password", keep_session_id=current.id)
    dbs.commit()
    assert is_signed_in(here) and not is_signed_in(elsewhere)
    assert [row.ended_reason for row in rows(dbs, user)] == [None, SessionEnd.PASSWORD_CHANGED]


def test_an_organiser_signs_an_account_out_everywhere(app, dbs, organiser, organiser_client, make_user):
    user = make_user("delegate")
    laptop = signed_in(app, user)
    page = organiser_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "Signed in now" in page and "127.0.0.1" in page
    response = organiser_client.post_form(f"/admin/users/{user.id}/sessions/end")
    assert response.status_code == 303
    assert "out of 1 session." in organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert not is_signed_in(laptop)
    assert [row.ended_reason for row in rows(dbs, user)] == [SessionEnd.REVOKED]

    other_device = signed_in(app, organiser)  # an organiser doing it to themselves keeps the session in use
    organiser_client.post_form(f"/admin/users/{organiser.id}/sessions/end")
    assert is_signed_in(organiser_client) and not is_signed_in(other_device)


def test_only_organisers_end_other_peoples_sessions(app, delegate, delegate_client, client, make_user):
    target = make_user("secretariat")
    laptop = signed_in(app, target)
    assert delegate_client.post_form(f"/admin/users/{target.id}/sessions/end").status_code == 403
    assert client.post_form(f"/admin/users/{target.id}/sessions/end").status_code == 302
    assert is_signed_in(laptop)


# ---- lifetimes ----------------------------------------------------------------------------------------------------

def test_a_session_left_idle_for_eight_hours_ends(app, dbs, organiser):
    client = signed_in(app, organiser)
    with later(IDLE - timedelta(minutes=1)):
        assert is_signed_in(client)  # used within the limit: it counts from here
    with later(2 * IDLE - timedelta(minutes=2)):
        assert is_signed_in(client)
    with later(3 * IDLE):
        response = client.get("/admin/users")
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    [row] = rows(dbs, organiser)
    assert row.ended_reason is SessionEnd.IDLE
    entry = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "auth.session_end")).one()
    assert entry.after["reason"] == "idle" and entry.actor_label == "session timeout"


def test_a_session_in_constant_use_still_ends_after_seven_days(app, dbs, organiser):
    client = signed_in(app, organiser)
    step = timedelta(hours=6)
    for n in range(1, ABSOLUTE // step + 1):
        with later(n * step - timedelta(minutes=1)):
            assert is_signed_in(client), n
    with later(ABSOLUTE + timedelta(minutes=1)):
        assert not is_signed_in(client)
    assert rows(dbs, organiser)[0].ended_reason is SessionEnd.EXPIRED


def test_the_lifetimes_are_settings(app, dbs, organiser):
    app.config.update(SESSION_IDLE_SECONDS=600)
    client = signed_in(app, organiser)
    with later(timedelta(minutes=11)):
        assert not is_signed_in(client)


def test_last_seen_is_written_at_most_once_a_minute_without_a_write_error_on_pages(app, dbs, organiser):
    client = signed_in(app, organiser)
    signed_at = rows(dbs, organiser)[0].last_seen_at
    with later(timedelta(seconds=30)):
        assert client.get("/admin/users").status_code == 200
    assert rows(dbs, organiser)[0].last_seen_at == signed_at
    with later(timedelta(minutes=2)) as traveller:
        for url in ("/", "/admin/users", "/admin/organisations"):  # GET pages: DEFERRED, unmarked
            assert client.get(url).status_code == 200, url
        touched = rows(dbs, organiser)[0].last_seen_at
        assert touched - signed_at >= timedelta(minutes=2)
        token = CSRF_RE.search(client.get("/admin/users").get_data(as_text=True)).group(1)
        traveller.shift(timedelta(minutes=5))  # the next request is a POST that touches too
        response = client.post("/admin/users", data={"csrf_token": token, "name": "Ann Lee", "role": "secretariat",
                                                      "email": "ann@example.org", "organisation": "", "password": ""})
        assert response.status_code == 303
    assert rows(dbs, organiser)[0].last_seen_at - touched >= timedelta(minutes=5)
    assert dbs.scalar(select(User).join(User.person).where(User.role == "secretariat")) is not None


def test_the_session_is_settled_before_a_view_begins_its_own_transaction(app, dbs, organiser):
    """A POST view that reads the database before asking who is signed in holds SQLite's write lock from its first
    query: the once-a-minute touch must already be done by then, or it would wait on that lock."""
    from flask_login import current_user

    from summit import csrf, db

    @app.post("/probe")
    @csrf.exempt
    def probe():
        db.session.execute(select(1))  # the request's transaction begins here (IMMEDIATE on SQLite)
        return {"signed_in": current_user.is_authenticated}

    client = signed_in(app, organiser)
    with later(timedelta(minutes=2)):
        assert client.post("/probe").get_json() == {"signed_in": True}
    assert rows(dbs, organiser)[0].last_seen_at - rows(dbs, organiser)[0].created_at >= timedelta(minutes=2)


# ---- pure parts ---------------------------------------------------------------------------------------------------

def test_session_state_says_why_a_session_is_over():
    start = datetime(2026, 11, 20, 9, tzinfo=UTC)
    row = UserSession(created_at=start, last_seen_at=start, expires_at=start + ABSOLUTE)
    assert session_state(row, start + IDLE - timedelta(seconds=1), IDLE) is None
    assert session_state(row, start + IDLE, IDLE) is SessionEnd.IDLE
    row.last_seen_at = start + ABSOLUTE - timedelta(hours=1)
    assert session_state(row, start + ABSOLUTE, IDLE) is SessionEnd.EXPIRED
    row.ended_reason = SessionEnd.REVOKED
    assert session_state(row, start, IDLE) is SessionEnd.REVOKED


def test_user_agents_are_summarised():
    firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
    edge = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 "
            "Safari/537.36 Edg/126.0")
    iphone = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
              "Version/17.5 Mobile/15E148 Safari/604.1")
    assert describe_agent(firefox) == "Firefox on Linux"
    assert describe_agent(edge) == "Edge on Windows"
    assert describe_agent(iphone) == "Safari on iPhone"
    assert describe_agent("") == "unknown" and describe_agent("x" * 500) == "x" * 120

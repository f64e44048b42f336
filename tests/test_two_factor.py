"""Two-factor sign-in: after the password, a code from an authenticator app (TOTP) or a one-time recovery code.
A code works once, an old one not at all, wrong codes are throttled per account, and where staff must use it, a
staff account without it is sent to set it up before anything else. The clock is frozen for every code."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pyotp
import pytest
import time_machine
from markupsafe import escape
from sqlalchemy import select, text

from summit import config as config_module
from summit.audit import AuditEntry
from summit.auth.models import RecoveryCode, TwoFactor, UserSession
from summit.auth.sessions import Client
from summit.auth.sign_in_links import request_sign_in_link
from summit.auth.two_factor import TOO_MANY, WRONG_CODE
from summit.mail.models import OutboxMessage
from tests.conftest import PASSWORD

pytestmark = pytest.mark.clock
T0 = datetime(2026, 11, 29, 7, 30, 10, tzinfo=UTC)  # 10 s into a 30-second step
SECRET_RE = re.compile(r"Type this key instead: <code>([A-Z2-7 ]+)</code>")
CODES_RE = re.compile(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>")


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def code(secret: str, moment: datetime) -> str:
    return pyotp.TOTP(secret).at(moment)


def enrol(client) -> tuple[str, list[str]]:
    """Turn two-factor sign-in on for the signed-in client at T0; returns the app's secret and the recovery codes."""
    assert client.post_form("/account/two-factor/setup").status_code == 303
    page = client.get("/account/two-factor").get_data(as_text=True)
    secret = SECRET_RE.search(page).group(1).replace(" ", "")
    assert "<svg" in page and "QR code to add Summit to your authenticator app" in page
    response = client.post_form("/account/two-factor/confirm", {"code": code(secret, T0)})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    codes = CODES_RE.findall(response.get_data(as_text=True))
    assert len(codes) == 10
    return secret, codes


def password_step(app, user):
    client = app.test_client()
    response = client.sign_in(user.person.email)
    assert response.status_code == 303 and response.headers["Location"] == "/login/two-factor"
    return client


def second_step(client, value: str):
    return client.post_form("/login/two-factor", {"code": value})


def is_signed_in(client) -> bool:
    return client.get("/account/security").status_code == 200


@pytest.fixture
def enrolled(app, client, delegate):
    with at(T0):
        assert client.sign_in(delegate.person.email).status_code == 303
        secret, codes = enrol(client)
    return delegate, secret, codes


def test_a_delegate_turns_it_on_and_then_signs_in_with_a_valid_code(app, dbs, delegate, client):
    with at(T0):
        elsewhere = app.test_client()
        assert elsewhere.sign_in(delegate.person.email).status_code == 303
        assert client.sign_in(delegate.person.email).status_code == 303
        secret, _ = enrol(client)
        assert is_signed_in(client) and not is_signed_in(elsewhere)  # none of the others passed a second step
    later = T0 + timedelta(minutes=10)
    with at(later):
        fresh = password_step(app, delegate)
        assert not is_signed_in(fresh)  # the password alone is not enough
        assert "Your sign-in code" in fresh.get("/login/two-factor").get_data(as_text=True)
        response = second_step(fresh, code(secret, later))
        assert response.status_code == 303 and response.headers["Location"] == "/"
        assert is_signed_in(fresh)
    login = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "auth.login")
                        .order_by(AuditEntry.id.desc())).first()
    assert login.after["via"] == "password and authenticator"


def test_an_old_code_is_refused_and_the_previous_steps_is_not(app, enrolled):
    user, secret, _ = enrolled
    now = T0 + timedelta(minutes=10)
    with at(now):
        client = password_step(app, user)
        response = second_step(client, code(secret, now - timedelta(seconds=90)))
        assert response.status_code == 422 and str(escape(WRONG_CODE)) in response.get_data(as_text=True)
        assert not is_signed_in(client)
        assert second_step(client, code(secret, now - timedelta(seconds=30))).status_code == 303  # clock drift
        assert is_signed_in(client)


def test_a_code_is_used_once(app, enrolled):
    user, secret, _ = enrolled
    now = T0 + timedelta(minutes=10)
    with at(now):
        first = password_step(app, user)
        assert second_step(first, code(secret, now)).status_code == 303
        thief = password_step(app, user)  # someone who saw the code over a shoulder, within the same 30 seconds
        assert second_step(thief, code(secret, now)).status_code == 422
        assert not is_signed_in(thief)
    with at(now + timedelta(seconds=30)):
        assert second_step(thief, code(secret, now + timedelta(seconds=30))).status_code == 303  # the next code


def test_the_setup_code_cannot_be_used_again_to_sign_in(app, enrolled):
    user, secret, _ = enrolled
    with at(T0 + timedelta(seconds=5)):
        client = password_step(app, user)
        assert second_step(client, code(secret, T0)).status_code == 422


def test_a_recovery_code_works_once(app, dbs, enrolled):
    user, _, codes = enrolled
    with at(T0 + timedelta(hours=1)):
        client = password_step(app, user)
        assert second_step(client, codes[3].upper().replace("-", " ")).status_code == 303
        assert is_signed_in(client)
        assert "9 unused recovery codes" in client.get("/account/two-factor").get_data(as_text=True)
        again = password_step(app, user)
        assert second_step(again, codes[3]).status_code == 422
        assert second_step(again, codes[4]).status_code == 303
    dbs.expire_all()
    assert len([row for row in dbs.scalars(select(RecoveryCode)) if row.used_at]) == 2


def test_new_recovery_codes_replace_the_old_ones(app, enrolled):
    user, _, codes = enrolled
    with at(T0 + timedelta(hours=1)):
        client = password_step(app, user)
        assert second_step(client, codes[0]).status_code == 303
        response = client.post_form("/account/two-factor/recovery-codes")
        fresh = CODES_RE.findall(response.get_data(as_text=True))
        assert len(fresh) == 10 and not set(fresh) & set(codes)
        other = password_step(app, user)
        assert second_step(other, codes[1]).status_code == 422
        assert second_step(other, fresh[0]).status_code == 303


def test_wrong_codes_are_throttled_per_account(app, enrolled):
    user, secret, codes = enrolled
    now = T0 + timedelta(minutes=10)
    with at(now):
        for guess in range(5):
            client = password_step(app, user)  # a fresh browser each time: the limit is the account's
            assert second_step(client, f"{guess:06d}").status_code == 422
        client = password_step(app, user)
        response = second_step(client, code(secret, now))  # even the right code waits now
        assert response.status_code == 422 and TOO_MANY in response.get_data(as_text=True)
        assert second_step(client, codes[0]).status_code == 422
        assert not is_signed_in(client)
    later = now + timedelta(minutes=16)
    with at(later):
        client = password_step(app, user)
        assert second_step(client, code(secret, later)).status_code == 303


def test_the_code_must_follow_the_password_within_five_minutes(app, enrolled):
    user, secret, _ = enrolled
    with at(T0 + timedelta(minutes=10)):
        client = password_step(app, user)
    late = T0 + timedelta(minutes=15, seconds=30)
    with at(late):
        response = second_step(client, code(secret, late))
        assert response.status_code == 303 and response.headers["Location"] == "/login"
        assert not is_signed_in(client)


def test_without_the_password_step_there_is_no_code_page(client):
    assert client.get("/login/two-factor").headers["Location"] == "/login"
    assert client.post_form("/login/two-factor", {"code": "123456"}).headers["Location"] == "/login"


def test_the_secret_is_not_in_the_database(app, dbs, enrolled):
    _, secret, codes = enrolled
    dump = " ".join(str(value) for table in ("two_factor", "recovery_codes")
                    for row in dbs.execute(text(f"SELECT * FROM {table}")) for value in row)  # noqa: S608
    assert secret not in dump and secret.lower() not in dump
    assert not any(c in dump or c.replace("-", "") in dump for c in codes)


def test_turning_it_off_takes_the_password(app, dbs, enrolled):
    user, secret, _ = enrolled
    now = T0 + timedelta(minutes=10)
    with at(now):
        client = password_step(app, user)
        second_step(client, code(secret, now))
        client.post_form("/account/two-factor/off", {"password": "not my password"})
        assert dbs.scalar(select(TwoFactor.confirmed_at)) is not None
        client.post_form("/account/two-factor/off", {"password": PASSWORD})
        assert dbs.scalar(select(TwoFactor.id)) is None
        assert app.test_client().sign_in(user.person.email).headers["Location"] == "/"


def test_a_sign_in_link_also_asks_for_the_code(app, dbs, enrolled):
    user, secret, _ = enrolled
    now = T0 + timedelta(minutes=10)
    with at(now):
        stranger = app.test_client()
        for _ in range(10):
            stranger.sign_in(user.person.email, "a wrong guess")
        with app.test_request_context():
            request_sign_in_link(dbs, user.person.email, Client("127.0.0.1"))
            dbs.commit()
        body = dbs.scalar(select(OutboxMessage.text_body).where(OutboxMessage.kind == "sign_in_link"))
        path = re.search(r"http://summit\.test(/login/link/\S+)", body).group(1)
        client = app.test_client()
        response = client.post_form(path)
        assert response.status_code == 303 and response.headers["Location"] == "/login/two-factor"
        assert not is_signed_in(client)
        assert second_step(client, code(secret, now)).status_code == 303 and is_signed_in(client)


def test_staff_must_set_it_up_first_where_it_is_required(app, dbs, organiser, delegate):
    app.config["TWO_FACTOR_REQUIRED_FOR_STAFF"] = True
    with at(T0):
        client = app.test_client()
        assert client.sign_in(organiser.person.email).status_code == 303
        response = client.get("/admin/users")
        assert response.status_code == 302 and response.headers["Location"] == "/account/two-factor"
        assert client.post_form("/admin/users", {}).headers["Location"] == "/account/two-factor"
        assert "must use two-factor sign-in" in client.get("/account/two-factor").get_data(as_text=True)
        enrol(client)
        assert client.get("/admin/users").status_code == 200
        assert "Turn off" not in client.get("/account/two-factor").get_data(as_text=True)
        member = app.test_client()  # delegates may turn it on, but need not
        assert member.sign_in(delegate.person.email).status_code == 303
        assert member.get("/account/security").status_code == 200
    dbs.expire_all()
    assert dbs.scalar(select(UserSession.ended_reason).where(UserSession.user_id == organiser.id)) is None


def test_it_is_required_for_staff_by_default_in_production_only(tmp_path, monkeypatch):
    for key in config_module.ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    production = {"SUMMIT_ENV": "production", "SECRET_KEY": "Zq3-vT9xLp2_Kd8wRm5YbN1cHs6JfG4uEa7PiW0oQy",
                  "BASE_URL": "https://summit.example"}
    assert config_module.load(str(tmp_path), production)["TWO_FACTOR_REQUIRED_FOR_STAFF"] is True
    assert config_module.load(str(tmp_path))["TWO_FACTOR_REQUIRED_FOR_STAFF"] is False
    assert config_module.load(str(tmp_path), {"SUMMIT_ENV": "testing"})["TWO_FACTOR_REQUIRED_FOR_STAFF"] is False
    assert config_module.load(str(tmp_path), {**production, "TWO_FACTOR_REQUIRED_FOR_STAFF": False}
                              )["TWO_FACTOR_REQUIRED_FOR_STAFF"] is False


def test_an_organiser_turns_off_someones_two_factor_after_a_lost_phone(app, dbs, enrolled, organiser_client):
    user, _, codes = enrolled
    page = organiser_client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert "two-factor sign-in</button>" in page
    assert organiser_client.post_form(f"/admin/users/{user.id}/two-factor/reset").status_code == 303
    dbs.expire_all()
    assert dbs.scalar(select(TwoFactor.id)) is None and dbs.scalar(select(RecoveryCode.id)) is None
    assert all(row.ended_at for row in dbs.scalars(select(UserSession).where(UserSession.user_id == user.id)))
    assert app.test_client().sign_in(user.person.email).headers["Location"] == "/"  # the password alone, again

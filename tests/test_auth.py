"""Signing in and out, throttling, safe redirects, CSRF, and the organisers' user management."""

import re

import pytest
from argon2 import PasswordHasher, Type, extract_parameters
from sqlalchemy import select

from summit import create_app
from summit.audit import AuditEntry
from summit.auth import passwords
from summit.auth.models import User
from summit.auth.services import SIGN_IN_FAILED
from tests.conftest import PASSWORD, SECRET


def test_sign_in_with_the_right_password_then_sign_out_by_post(client, organiser):
    response = client.sign_in(organiser.person.email)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    assert organiser.person.name in client.get("/").get_data(as_text=True)

    assert client.get("/logout").status_code == 405  # never by GET
    response = client.post_form("/logout")
    assert response.status_code == 303
    assert client.get("/").status_code == 302  # back to the sign-in page


def test_email_is_matched_ignoring_case(client, make_user):
    user = make_user("secretariat", email="Sam@Example.org")
    assert client.sign_in("  sam@EXAMPLE.org ").status_code == 303
    assert user.role.value == "secretariat"


def test_unknown_email_and_wrong_password_get_the_same_answer(client, organiser):
    unknown = client.sign_in("nobody@example.org")
    wrong = client.sign_in(organiser.person.email, "not the password")
    assert unknown.status_code == wrong.status_code == 401
    assert SIGN_IN_FAILED in unknown.get_data(as_text=True)
    assert SIGN_IN_FAILED in wrong.get_data(as_text=True)
    assert 'value="nobody@example.org"' in unknown.get_data(as_text=True)  # what was typed is kept


def test_a_switched_off_account_cannot_sign_in(client, dbs, make_user):
    user = make_user("delegate")
    user.active = False
    dbs.commit()
    assert client.sign_in(user.person.email).status_code == 401


def test_the_eleventh_failure_for_an_account_in_fifteen_minutes_gets_429(client, organiser):
    for _ in range(10):
        assert client.sign_in(organiser.person.email, "wrong").status_code == 401
    refused = client.sign_in(organiser.person.email, PASSWORD)
    assert refused.status_code == 429  # even with the right password now
    assert "Too many attempts" in refused.get_data(as_text=True)


def test_failures_are_also_counted_per_address(client, make_user):
    for n in range(10):
        client.sign_in(f"guess{n}@example.org", "wrong")
    assert client.sign_in(make_user("organiser").person.email).status_code == 429


def test_the_limit_holds_across_worker_processes(dbs, app, organiser):
    """Counts live in the database, so a second app (another worker) sees the first one's failures."""
    from summit import create_app

    other = create_app(app.config.copy() | {"DATABASE_URL": app.config["DATABASE_URL"]})
    other.test_client_class = type(app.test_client())
    for n in range(10):
        (app if n % 2 else other).test_client().sign_in(organiser.person.email, "wrong")
    assert app.test_client().sign_in(organiser.person.email).status_code == 429


@pytest.mark.parametrize(
    "target",
    ["//evil.example", "/\\evil.example", "https://evil.example", "http:evil.example", "/%2F%2Fevil.example\\",
     "javascript:alert(1)", " //evil.example"],
)
def test_next_only_accepts_paths_of_this_app(client, organiser, target):
    response = client.post_form("/login", {"email": organiser.person.email, "password": PASSWORD, "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


def test_next_returns_to_the_page_asked_for(client, organiser):
    page = client.get("/admin/users")
    assert page.status_code == 302 and "next=" in page.headers["Location"]
    response = client.post_form(
        "/login", {"email": organiser.person.email, "password": PASSWORD, "next": "/admin/users"}
    )
    assert response.headers["Location"] == "/admin/users"


def test_posts_without_a_csrf_token_are_refused(client, organiser, dbs):
    response = client.post("/login", data={"email": organiser.person.email, "password": PASSWORD})
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302  # not signed in


def test_the_test_clients_csrf_token_is_bound_to_its_own_session(app, organiser):
    first, second = app.test_client(), app.test_client()
    token = first.csrf_token()
    form = {"csrf_token": token, "email": organiser.person.email, "password": PASSWORD}
    assert second.post("/login", data=form).status_code == 400
    assert first.post("/login", data=form).status_code == 303


def test_every_form_on_a_page_carries_a_csrf_token(organiser_client):
    for url in ("/", "/admin/users", "/admin/organisations"):
        html = organiser_client.get(url).get_data(as_text=True)
        forms = re.findall(r"<form[^>]*method=\"post\"[^>]*>(.*?)</form>", html, re.S)
        assert forms, url
        assert all('name="csrf_token"' in form for form in forms), url


def test_each_sign_in_is_audited(client, dbs, organiser):
    client.sign_in(organiser.person.email, "wrong")
    client.sign_in(organiser.person.email)
    actions = dbs.scalars(select(AuditEntry.action).where(AuditEntry.action.like("auth.%"))).all()
    assert actions == ["auth.login_failed", "auth.login"]
    assert all(PASSWORD not in str(e.after) for e in dbs.scalars(select(AuditEntry)))


def test_passwords_are_stored_as_argon2_hashes(organiser):
    assert organiser.password_hash.startswith("$argon2id$")
    assert PASSWORD not in organiser.password_hash
    assert extract_parameters(organiser.password_hash).time_cost == 1  # tests hash cheaply (see the next test)


def test_outside_tests_passwords_hash_with_argon2s_standard_parameters(tmp_path, monkeypatch):
    from summit import config

    for key in config.ENV_KEYS:
        monkeypatch.delenv(key, raising=False)
    try:
        create_app({"SUMMIT_ENV": "production", "SECRET_KEY": SECRET, "BASE_URL": "https://summit.example",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'production.db'}"})
        hashed = passwords.hash_password(PASSWORD)
        assert passwords.verify_password(hashed, PASSWORD) and not passwords.verify_password(hashed, "wrong")
    finally:
        passwords.use_profile("cheap")
    standard, used = PasswordHasher(), extract_parameters(hashed)
    assert hashed.startswith("$argon2id$")
    assert (used.type, used.time_cost, used.memory_cost, used.parallelism, used.hash_len, used.salt_len) == (
        Type.ID, standard.time_cost, standard.memory_cost, standard.parallelism, standard.hash_len,
        standard.salt_len) == (Type.ID, 3, 65536, 4, 32, 16)


def test_only_organisers_manage_users(delegate_client, secretariat_client, client):
    assert delegate_client.get("/admin/users").status_code == 403
    assert secretariat_client.get("/admin/organisations").status_code == 403
    assert client.get("/admin/users").status_code == 302


def test_an_organiser_creates_an_account_from_the_ui(organiser_client, dbs, make_organisation):
    make_organisation("Thorn", kind="ngo")
    response = organiser_client.post_form(
        "/admin/users",
        {"name": "Julia Kessler", "email": "julia@thorn.example", "role": "delegate", "organisation": "Thorn"},
    )
    assert response.status_code == 303
    user = dbs.scalar(select(User).join(User.person).where(User.role == "delegate"))
    assert user.person.organisation.name == "Thorn"


def test_a_bad_new_account_keeps_what_was_typed(organiser_client, organiser):
    response = organiser_client.post_form(
        "/admin/users", {"name": "Again", "email": organiser.person.email, "role": "organiser", "password": ""}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "already has an account" in page and 'value="Again"' in page


def test_an_organiser_changes_a_role_and_cannot_demote_themselves(organiser_client, organiser, make_user, dbs):
    other = make_user("secretariat")
    response = organiser_client.post_form(f"/admin/users/{other.id}", {"role": "organiser", "active": "y"})
    assert response.status_code == 303
    response = organiser_client.post_form(f"/admin/users/{organiser.id}", {"role": "delegate", "active": "y"})
    assert response.status_code == 422
    dbs.expire_all()
    assert dbs.get(User, other.id).role.value == "organiser"
    assert dbs.get(User, organiser.id).role.value == "organiser"


def test_cli_creates_a_user_reading_the_password_from_stdin(runner, dbs, make_organisation):
    make_organisation("Roblox")
    result = runner.invoke(
        args=["users", "create", "grace@roblox.example", "--role", "delegate", "--organisation", "Roblox"],
        input="a long enough password\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long enough password" not in result.output
    user = dbs.scalar(select(User))
    assert user.person.email == "grace@roblox.example" and user.role.value == "delegate"


def test_cli_refuses_a_delegate_without_an_organisation(runner):
    result = runner.invoke(args=["users", "create", "x@example.org", "--role", "delegate"],
                           input="a long enough password\n")
    assert result.exit_code != 0 and "needs an organisation" in result.output

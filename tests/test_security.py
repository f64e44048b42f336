"""Headers on every response, friendly error pages, the health check."""

import pytest

from summit.security import CSP
from tests.conftest import PASSWORD, POSTGRES_URL, SummitClient


@pytest.mark.parametrize("url", ["/login", "/no-such-page", "/static/css/summit.css", "/healthz"])
def test_security_headers_on_pages_errors_and_static_files(client, url):
    response = client.get(url)
    assert response.headers["Content-Security-Policy"] == CSP
    assert "frame-ancestors 'none'" in CSP and "'unsafe-inline'" not in CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_pages_load_nothing_from_another_origin(organiser_client):
    html = organiser_client.get("/").get_data(as_text=True)
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html
    assert "<script>" not in html and " style=" not in html


def test_signed_in_pages_are_not_stored(organiser_client, client):
    assert organiser_client.get("/admin/users").headers["Cache-Control"] == "no-store"
    assert "no-store" not in client.get("/login").headers.get("Cache-Control", "")


def test_session_cookie_is_httponly_and_lax(client, organiser):
    response = client.sign_in(organiser.person.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_not_found_is_a_friendly_page(client):
    response = client.get("/nowhere")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_server_errors_get_a_friendly_page(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.get("/boom")
    def boom():
        raise RuntimeError("boom")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)


def test_healthz_answers_after_a_database_round_trip(client, app):
    assert client.get("/healthz").get_json() == {"status": "ok"}
    app.extensions["summit.engine"].dispose()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    from summit import db

    db.session.remove()
    db.session.configure(bind=__import__("sqlalchemy").create_engine("sqlite:////nonexistent/dir/x.db"))
    assert client.get("/healthz").status_code == 500


def test_a_page_view_that_writes_without_saying_so_fails_loudly(app_config):
    """GET views that write must be marked @db.writes (they take SQLite's write lock at BEGIN); unmarked ones fail."""
    from summit import audit, create_app, db
    from summit.audit import SYSTEM
    from summit.db import UnmarkedWrite

    app = create_app(app_config)

    def write() -> str:
        audit.record(db.session, SYSTEM, "test.write", ("tests", 1))
        db.session.commit()
        return "written"

    app.add_url_rule("/sneaky", "sneaky", lambda: write())
    app.add_url_rule("/declared", "declared", db.writes(lambda: write()))
    client = app.test_client()
    with pytest.raises(UnmarkedWrite, match="GET sneaky writes"):
        client.get("/sneaky")
    assert client.get("/declared").get_data(as_text=True) == "written"
    app.extensions["summit.engine"].dispose()


def test_the_error_page_renders_after_a_failed_transaction(app_config, make_user):
    """A 500 inside a transaction rolls back before the error page queries the database again."""
    from sqlalchemy import text

    from summit import create_app, db

    def broken():
        db.session.execute(text("SELECT * FROM no_such_table"))

    app = create_app(app_config)
    app.add_url_rule("/broken", "broken", broken)
    app.test_client_class = SummitClient
    app.config["PROPAGATE_EXCEPTIONS"] = False
    client = app.test_client()
    assert client.sign_in(make_user("organiser").person.email).status_code == 303
    response = client.get("/broken")
    app.extensions["summit.engine"].dispose()
    assert response.status_code == 500 and "Something went wrong on our side" in response.get_data(as_text=True)


# ---- hosts, proxies, HSTS and cookies in production (issue 10) ----------------------------------------------

@pytest.fixture
def make_app(database_url, tmp_path):
    """Another app on this test's database, as `env` would configure it (BASE_URL None: development's default)."""
    from summit import create_app
    from tests.conftest import SummitClient, test_config

    made = []

    def make(env: str = "testing", **extra):
        base_url = {"production": "https://summit.test", "development": None}.get(env, "http://summit.test")
        config = test_config(database_url, tmp_path, SUMMIT_ENV=env, BASE_URL=base_url, MAIL_BACKGROUND=False,
                             **extra)
        made.append(create_app(config))
        made[-1].test_client_class = SummitClient
        return made[-1]

    yield make
    for app in made:
        app.extensions["summit.engine"].dispose()


@pytest.mark.parametrize("env, own_host", [("production", "https://summit.test"),
                                           ("development", "http://127.0.0.1:5000")])
def test_a_request_for_an_unknown_host_is_refused(make_app, env, own_host):
    client = make_app(env).test_client()
    assert client.get("/login", base_url=own_host).status_code == 200
    for forged in ("http://evil.example", "https://summit.test.evil.example"):
        response = client.get("/login", base_url=forged)
        assert response.status_code == 400
        assert "does not answer to that host" in response.get_data(as_text=True)
    assert (client.get("/login").status_code == 200) is (env == "development")  # localhost


def test_the_test_suite_answers_any_host(client):
    assert client.get("/login", base_url="http://evil.example").status_code == 200


@pytest.mark.parametrize("proxies, seen", [(1, "203.0.113.7"), (0, "127.0.0.1")])
def test_behind_a_proxy_limits_and_the_audit_log_see_the_clients_address(make_app, dbs, organiser, proxies, seen):
    from sqlalchemy import select

    from summit.audit import AuditEntry
    from summit.throttle import ThrottleHit

    app = make_app(PROXY_FIX_X_FOR=proxies)
    app.add_url_rule("/scheme", "scheme", lambda: __import__("flask").request.scheme)
    client = app.test_client()
    forwarded = {"X-Forwarded-For": "198.51.100.1, 203.0.113.7"}  # a forged address, then the one our proxy saw
    response = client.post_form("/login", {"email": organiser.person.email, "password": "wrong"}, headers=forwarded)
    assert response.status_code == 401
    assert dbs.scalars(select(ThrottleHit.key).where(ThrottleHit.scope == "login-address")).all() == [seen]
    labels = dbs.scalars(select(AuditEntry.actor_label).where(AuditEntry.action == "auth.login_failed")).all()
    assert labels == [f"anonymous from {seen}"]
    scheme = client.get("/scheme", headers={"X-Forwarded-Proto": "https"}).get_data(as_text=True)
    assert scheme == ("https" if proxies else "http")


def test_hsts_only_in_production(make_app, client):
    production = make_app("production").test_client()
    assert production.get("/login", base_url="https://summit.test").headers["Strict-Transport-Security"] == (
        "max-age=63072000; includeSubDomains")
    assert "Strict-Transport-Security" not in client.get("/login").headers
    assert "Strict-Transport-Security" not in make_app("development").test_client().get("/login").headers


def test_production_session_cookie_has_the_host_prefix(make_app, organiser):
    app = make_app("production", SERVER_NAME="summit.test", PREFERRED_URL_SCHEME="https")  # the client's default
    response = app.test_client().post_form("/login", {"email": organiser.person.email, "password": PASSWORD},
                                           headers={"Referer": "https://summit.test/login"})  # CSRF over https
    assert response.status_code == 303
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-session=")
    attributes = [part.strip() for part in cookie.split(";")[1:]]
    assert "Secure" in attributes and "Path=/" in attributes
    assert not any(part.lower().startswith("domain") for part in attributes)


# ---- the audit log refuses TRUNCATE (issue 10) --------------------------------------------------------------

@pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL only: SQLite has no TRUNCATE (its triggers refuse UPDATE "
                                             "and DELETE, tested in test_audit.py)")
def test_the_audit_log_refuses_truncate_and_the_guard_migrates_down_and_up(app, dbs, make_organisation):
    from sqlalchemy import func, select, text
    from sqlalchemy.exc import DBAPIError

    from summit import migrate
    from summit.audit import AuditEntry

    make_organisation()
    engine = app.extensions["summit.engine"]
    for statement in ("TRUNCATE audit_log", "TRUNCATE users CASCADE"):
        with pytest.raises(DBAPIError, match="audit_log is append-only"), engine.begin() as connection:
            connection.execute(text(statement))
    assert dbs.scalar(select(func.count()).select_from(AuditEntry)) == 1
    migrate.downgrade(engine, "0005_commitments")
    with engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log"))
    migrate.upgrade(engine)
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as connection:
        connection.execute(text("TRUNCATE audit_log"))

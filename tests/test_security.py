"""Headers on every response, friendly error pages, the health check."""

import pytest

from summit.security import CSP
from tests.conftest import SummitClient


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

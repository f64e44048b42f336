"""Headers on every response, friendly error pages, the health check."""

import pytest

from summit.security import CSP


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

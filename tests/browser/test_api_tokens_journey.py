"""A company's delegate makes a personal access token in Profile -> API, copies it (shown once), reads the API's
documentation page, uses the token against the live server, sees when it was last used and revokes it. Chromium
against gunicorn, with axe on every page shown."""

import json
import urllib.error
import urllib.request

from playwright.sync_api import expect

from tests.browser.a11y import check_page
from tests.conftest import PASSWORD


def api_status(url: str, token: str) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request) as response:
            json.loads(response.read())
            return response.status
    except urllib.error.HTTPError as exc:
        assert exc.headers["Content-Type"] == "application/problem+json"
        return exc.code


def test_make_use_and_revoke_a_token(dbs, make_user, make_event, live_server, page):
    make_event(slug="redmond-summit")
    user = make_user("delegate", email="dana@snap.example", name="Dana Lee")
    base = live_server()

    page.goto(base + "/login")
    page.get_by_label("Email").fill(user.person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no tokens yet.")).to_be_visible()
    check_page(page)

    page.get_by_role("button", name="Make the token").click()  # nothing filled in: named errors, nothing made
    expect(page.get_by_role("alert")).to_contain_text("Name")
    check_page(page)
    page.get_by_label("Name").fill("Our tracker")
    page.get_by_label("commitments:read", exact=False).check()
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_role("heading", name="Your new token")).to_be_visible()
    check_page(page)
    token = page.get_by_role("textbox", name="Token", exact=True).input_value()
    expect(page.get_by_role("cell", name="Never")).to_be_visible()

    assert api_status(base + "/api/v1/events/redmond-summit/commitments", token) == 200
    assert api_status(base + "/api/v1/events/redmond-summit/me/rsvp", token) == 403  # not a scope it was given
    page.get_by_role("link", name="API", exact=True).click()
    expect(page.get_by_role("heading", name="Your new token")).to_have_count(0)  # shown once
    expect(page.get_by_role("cell", name="Never")).to_have_count(0)  # last used: just now

    page.get_by_role("link", name="Summit API").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Summit API")
    expect(page.get_by_role("heading", name="GET /api/v1/events/{slug}/commitments: Commitments you may see")
           ).to_be_visible()
    check_page(page)
    page.go_back()

    page.get_by_role("button", name="Revoke the token Our tracker").click()
    expect(page.get_by_text("it no longer works")).to_be_visible()
    expect(page.get_by_role("cell", name="Revoked")).to_be_visible()
    check_page(page)
    assert api_status(base + "/api/v1/events/redmond-summit/commitments", token) == 401

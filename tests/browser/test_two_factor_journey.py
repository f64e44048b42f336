"""A secretariat member forgets nothing but sets up two-factor sign-in: scans (reads) the key, confirms a code,
keeps the recovery codes, signs out, and signs in again with password and a recovery code. Chromium against
gunicorn, with axe on every page shown."""

import re

import pyotp
from playwright.sync_api import expect

from tests.browser.a11y import check_page
from tests.conftest import PASSWORD


def test_sign_in_with_two_factor(app, dbs, make_user, live_server, page):
    user = make_user("secretariat", email="sam@homeoffice.example", name="Sam Okafor")
    base = live_server()

    page.goto(base + "/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Forgot your password?")
    check_page(page)
    page.get_by_role("link", name="Back to sign in").click()
    page.get_by_label("Email").fill(user.person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    page.get_by_role("link", name="Security").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Security")
    expect(page.get_by_text("This browser")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Two-factor sign-in").click()
    page.get_by_role("button", name="Set up two-factor sign-in").click()
    expect(page.get_by_role("img", name="QR code to add Summit to your authenticator app")).to_be_visible()
    check_page(page)
    secret = page.locator("li", has_text="Type this key instead").locator("code").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    check_page(page)
    codes = [re.sub(r"\s", "", text) for text in page.locator("ol.recovery-codes code").all_inner_texts()]
    assert len(codes) == 10

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Email").fill(user.person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your sign-in code")
    check_page(page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("That code is not right").first).to_be_visible()
    check_page(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_text("Signed in as Sam Okafor.")).to_be_visible()

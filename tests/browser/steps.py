"""Steps the journeys share."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.a11y import check_page

DEMO_PASSWORD = "summit-demo"  # noqa: S105 - the demo accounts' password in development and tests


def sign_in(page, base: str, email: str, password: str = DEMO_PASSWORD) -> None:
    """Sign in through the form, checking the sign-in page and the page it lands on."""
    page.goto(base + "/login")
    check_page(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page)

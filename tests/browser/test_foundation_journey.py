"""A person signs in, sees the event, and signs out, in a real browser."""

from playwright.sync_api import expect

from seeds.loader import load_demo
from tests.browser.a11y import check_page


def test_sign_in_see_the_event_and_sign_out(app, dbs, live_server, page):
    with app.app_context():
        load_demo(dbs, app.config)
    base = live_server()

    page.goto(base + "/")
    expect(page).to_have_url(base + "/login")
    check_page(page)
    # a mistyped password: the message takes focus and is on screen at phone width, and the email stays typed
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_label("Email").fill("organiser@homeoffice.example")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(page.get_by_label("Email")).to_have_value("organiser@homeoffice.example")
    check_page(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Password").fill("summit-demo")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Industry Summit on Detecting Online Child Grooming")
    expect(page.get_by_text("Redmond, Washington, USA")).to_be_visible()
    expect(page.get_by_text("days to go")).to_be_visible()
    check_page(page)

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto(base + "/admin/users")
    expect(page).to_have_url(base + "/login?next=%2Fadmin%2Fusers")

    # the link in every calendar event: signed out it leads to sign-in, and back to the session afterwards
    page.goto(base + "/events/redmond-summit/sessions/1")
    expect(page).to_have_url(base + "/login?next=%2Fevents%2Fredmond-summit%2Fsessions%2F1")
    check_page(page)
    page.get_by_label("Email").fill("delegate@microsoft.example")
    page.get_by_label("Password").fill("summit-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(base + "/events/redmond-summit/sessions/1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration and coffee")
    check_page(page)

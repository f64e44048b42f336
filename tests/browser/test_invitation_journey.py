"""An organiser invites by CSV; the invitee reads the email from a real SMTP server, follows the link and accepts
with a dietary need; the dashboard shows it. All in Chromium against gunicorn."""

import re

import pytest
from playwright.sync_api import expect

from seeds.loader import load_demo
from summit.mail.worker import deliver_once
from tests.browser.a11y import check_page

CSV = ("name,email,organisation,job title\n"
       "Nadia Rossi,nadia.rossi@safechat.example,SafeChat Labs,Founder\n"
       "Omar Haddad,omar.haddad@safechat.example,SafeChat Labs,Moderation Lead\n")


@pytest.fixture
def app_config(smtp_app_config):
    return smtp_app_config


def test_invite_by_csv_answer_from_the_email_and_see_it_on_the_dashboard(app, dbs, live_server, page,
                                                                          smtp_server):
    with app.app_context():
        load_demo(dbs, app.config)
    base = live_server()

    page.goto(base + "/login")
    check_page(page)
    page.get_by_label("Email").fill("organiser@homeoffice.example")
    page.get_by_label("Password").fill("summit-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Invitations", exact=True).click()
    expect(page.get_by_role("link", name="Import from CSV")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Import from CSV").click()
    expect(page.get_by_label("CSV file")).to_be_visible()
    check_page(page)
    page.get_by_label("CSV file").set_input_files(
        files=[{"name": "thorn.csv", "mimeType": "text/csv", "buffer": CSV.encode()}])
    page.get_by_label("Create organisations that do not exist yet").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_text("2 people will be invited")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Import 2 invitations").click()
    expect(page.get_by_text("Imported 2 invitations")).to_be_visible()  # the dashboard: checked below

    assert deliver_once(app)["sent"] >= 2  # the demo's own invitations go too
    email = next(m for m in smtp_server.messages if "nadia.rossi" in m["To"])
    link = re.search(r"https?://\S+/rsvp/[A-Za-z0-9_-]{43}", email.get_body(("plain",)).get_content()).group(0)
    path = link.split("/rsvp/", 1)[1]

    invitee = page.context.browser.new_context().new_page()
    invitee.goto(f"{base}/rsvp/{path}")
    expect(invitee).to_have_url(base + "/rsvp")  # the token has left the address bar
    expect(invitee.get_by_role("heading", name="Industry Summit on Detecting Online Child Grooming")).to_be_visible()
    check_page(invitee)
    invitee.get_by_label("Yes, I will attend").check()
    invitee.get_by_label("Vegan").check()
    invitee.get_by_role("button", name="Send my answer").click()
    expect(invitee.get_by_text("your place is confirmed")).to_be_visible()
    check_page(invitee)
    invitee.get_by_role("link", name="Privacy notice", exact=True).click()  # the footer, on every page
    expect(invitee.get_by_role("heading", name="How long we keep it")).to_be_visible()
    check_page(invitee)

    page.reload()
    catering = page.locator("section", has=page.get_by_role("heading", name="Catering and access"))
    expect(catering.get_by_text("Vegan:")).to_contain_text("1")
    expect(page.get_by_role("row", name=re.compile("Nadia Rossi"))).to_contain_text("Accepted")
    check_page(page)

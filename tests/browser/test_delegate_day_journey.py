"""A delegate's day with 340 other invitees, in Chromium against gunicorn (in development, so the organisers' page
of written emails exists): the organiser invites Dana and finds her link there; Dana answers with her needs, makes an
account, sees her next steps, takes a seat in a limited session, finds it with the sessions every delegate attends in
My agenda, downloads and subscribes to her calendar, reads the papers and the printable delegate list, and reports
progress on her company's commitment, a mistyped figure keeping what she wrote. Every page passes check_page."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from summit.events.models import Organisation
from tests.browser.a11y import check_page
from tests.browser.steps import sign_in

DANA = "dana.whitfield@microsoft.example"
PASSWORD = "a long password for dana"  # noqa: S105 - her new account's password, made in the journey
WORKSHOP = "Workshop: moderator thresholds and human review"
COMMITMENT = "Package the grooming-risk classifier for free licensing to small and medium-sized companies"


def test_a_delegates_day_with_340_invitees(app, dbs, summit_at_scale, live_server, browser):
    with app.app_context():
        dbs.scalar(select(Organisation).where(Organisation.name == "Microsoft")).delegate_quota = 8
        dbs.commit()
    base = live_server(SUMMIT_ENV="development")

    # a newcomer organiser invites Dana, then finds her link among the written emails
    organiser = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(organiser, base, "organiser@homeoffice.example")
    organiser.get_by_role("link", name="Invitations", exact=True).click()
    organiser.get_by_text("Invite one person").click()
    one = organiser.locator("details", has=organiser.get_by_role("heading", name="Invite one person"))
    one.get_by_label("Full name").fill("Dana Whitfield")
    one.get_by_label("Email", exact=True).fill(DANA)
    one.get_by_label("Organisation").select_option(label="Microsoft")
    one.get_by_role("button", name="Invite", exact=True).click()
    expect(organiser.get_by_text("Invited Dana Whitfield")).to_be_visible()
    organiser.goto(base + "/admin/outbox/dev")
    expect(organiser.get_by_role("heading", name="Written emails (development)")).to_be_visible()
    check_page(organiser)
    email = organiser.get_by_role("listitem").filter(has_text=DANA).first
    link = email.locator("a[href*='/rsvp/']").first.get_attribute("href")

    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(15_000)
    page.goto(link)
    expect(page).to_have_url(base + "/rsvp")
    expect(page.get_by_role("heading", name="Your invitation")).to_be_visible()
    check_page(page)
    page.get_by_label("Yes, I will attend").check()
    page.get_by_label("Vegan").check()
    page.get_by_label("Step-free access or wheelchair space").check()
    page.get_by_label("Anything else about access").fill("A seat near the door, please.")
    page.get_by_label(re.compile("Show my name, job title and organisation")).check()
    page.get_by_label("Create a password (optional)").fill(PASSWORD)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_text("your place is confirmed")).to_be_visible()
    expect(page.get_by_text("Your account is ready")).to_be_visible()
    expect(page.get_by_label("Anything else about access")).to_have_value("A seat near the door, please.")
    check_page(page)

    sign_in(page, base, DANA, PASSWORD)
    steps = page.get_by_role("region", name="Your next steps")
    expect(steps.get_by_role("link", name="Choose your sessions")).to_be_visible()
    expect(steps.get_by_role("link", name="Your organisation's commitments")).to_be_visible()

    # a session with a seat limit: one seat fewer once she has it
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agenda", exact=True).click()
    page.get_by_role("link", name=WORKSHOP).first.click()
    seats = page.get_by_text(re.compile(r"^\d+ of \d+ left$"))
    left, limit = map(int, re.findall(r"\d+", seats.inner_text()))
    check_page(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text(f"You have a seat at “{WORKSHOP}”.")).to_be_visible()
    expect(seats).to_have_text(f"{left - 1} of {limit} left")
    check_page(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My agenda").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name=WORKSHOP)).to_be_visible()
    expect(main.get_by_role("link", name="Keynote: the five expectations of industry")).to_be_visible()
    expect(main.get_by_text("For every delegate").first).to_be_visible()
    check_page(page)
    ics = page.request.get(base + main.get_by_role("link", name="Download my agenda (.ics)").get_attribute("href"))
    assert ics.ok and ics.headers["content-type"].startswith("text/calendar")
    assert WORKSHOP[:40] in ics.text().replace("\r\n ", "") and "Keynote: the five expectations" in ics.text()
    main.get_by_role("link", name="Subscribe in your calendar").click()
    expect(page.get_by_role("heading", name="Your agenda in your calendar")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Make my subscription link").click()
    expect(page.get_by_role("heading", name="Your new subscription link")).to_be_visible()
    feed = page.get_by_label("Or paste this address into any calendar app").input_value()
    assert "BEGIN:VCALENDAR" in page.request.get(feed.replace("webcal://", "http://")).text()
    check_page(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Papers").click()
    expect(page.get_by_role("heading", name=re.compile("^Papers"))).to_be_visible()
    check_page(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Delegates").click()
    expect(page.get_by_role("main")).to_contain_text("Dana Whitfield")
    check_page(page)
    page.emulate_media(media="print")  # the printable list: the same page as printed
    check_page(page)
    page.emulate_media(media="screen")

    # progress on her company's commitment: a figure out of range names the field and keeps her words
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    page.get_by_role("link", name=COMMITMENT).first.click()
    page.get_by_label("What has happened").fill("Licence terms agreed with Thorn; first two adopters signed.")
    page.get_by_label("Progress now (%)").fill("150")
    page.get_by_label("Evidence links (one per line)").fill("https://example.org/licence-terms")
    page.get_by_role("button", name="Send update").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Progress now (%)")
    expect(page.get_by_label("Progress now (%)")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("What has happened")).to_have_value(
        "Licence terms agreed with Thorn; first two adopters signed.")
    expect(page.get_by_label("Evidence links (one per line)")).to_have_value("https://example.org/licence-terms")
    check_page(page)
    page.get_by_label("Progress now (%)").fill("60")
    page.get_by_role("button", name="Send update").click()
    expect(page.get_by_text("your update is with the secretariat")).to_be_visible()
    check_page(page)

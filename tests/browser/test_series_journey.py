"""An organiser makes a second event from the first; the secretariat opens the review at that second meeting and
records status and notes for the commitments it inherits; the public series report shows each one's timeline.
Chromium against gunicorn, on the demo data."""

from datetime import date, timedelta

from playwright.sync_api import expect

from seeds.loader import load_demo
from summit.clock import today_for
from tests.browser.a11y import check_page
from tests.browser.steps import sign_in

MICROSOFT = "Package the grooming-risk classifier for free licensing"
THORN = "Run licensing and onboarding for companies adopting the clas"
FACEBOOK = "Publish annual transparency figures on child-safety enforcem"


def test_second_event_review_and_series_report(app, dbs, live_server, browser):
    with app.app_context():
        load_demo(dbs, app.config)
    base = live_server()
    start: date = today_for("America/Los_Angeles") + timedelta(days=400)

    organiser = browser.new_context().new_page()
    sign_in(organiser, base, "organiser@homeoffice.example")
    expect(organiser.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(organiser)
    organiser.get_by_role("link", name="new event from this one").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("New event")
    expect(organiser.get_by_label("Copy from an earlier event")).to_have_value("redmond-summit")
    expect(organiser.get_by_label("Series", exact=True)).to_have_value("Industry summits on online grooming")
    check_page(organiser)
    organiser.get_by_label("Name", exact=True).fill("Industry Summit, one year on")
    organiser.get_by_label("Web address").fill("redmond-one-year-on")
    organiser.get_by_label("Starts").fill(f"{start.isoformat()}T09:00")
    organiser.get_by_label("Ends").fill(f"{start.isoformat()}T17:30")
    organiser.get_by_label("RSVP deadline").fill(f"{(start - timedelta(days=14)).isoformat()}T17:00")
    organiser.get_by_role("button", name="Create event").click()
    expect(organiser.get_by_role("status")).to_contain_text("Created Industry Summit, one year on.")
    expect(organiser.get_by_role("heading", level=1)).to_contain_text("Industry Summit, one year on")
    check_page(organiser)
    # the switcher (a disclosure of plain links) now lists it; its programme already has the summit's rooms
    expect(organiser.locator(".event-switcher summary")).to_have_text("Event: Industry Summit, one year on")
    organiser.locator(".event-switcher summary").click()
    expect(organiser.get_by_role("link", name="Industry Summit on Detecting Online Child Grooming")).to_be_visible()
    organiser.get_by_role("navigation", name="Main").get_by_role("link", name="Programme").click()
    expect(organiser).to_have_url(f"{base}/events/redmond-one-year-on/programme")
    check_page(organiser)
    organiser.goto(f"{base}/events/redmond-one-year-on/organisations")
    expect(organiser.get_by_role("heading", level=1)).to_contain_text("Organisations at Industry Summit, one year on")
    check_page(organiser)

    secretariat = browser.new_context().new_page()
    sign_in(secretariat, base, "secretariat@homeoffice.example")
    expect(secretariat.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(secretariat)
    secretariat.locator(".event-switcher summary").click()
    check_page(secretariat)  # the switcher open
    secretariat.get_by_role("link", name="Industry Summit, one year on").click()
    expect(secretariat.get_by_role("heading", level=1)).to_contain_text("Industry Summit, one year on")
    check_page(secretariat)
    secretariat.get_by_role("link", name="review open commitments of earlier meetings").click()
    expect(secretariat.get_by_role("heading", level=1)).to_have_text("Review of open commitments")
    expect(secretariat.locator("main")).to_contain_text(MICROSOFT)
    expect(secretariat.locator("main")).not_to_contain_text("Share hashes of known abuse imagery")  # verified
    check_page(secretariat)

    row = secretariat.locator("li.review-row", has_text=THORN)
    row.get_by_label("Status at this meeting").select_option(label="In progress")
    row.get_by_label("Note").fill("Three adopters onboarded")
    row.get_by_label("Note").press("Enter")  # keyboard: Enter records the row and moves to the next
    expect(secretariat.get_by_role("status")).to_contain_text("Recorded")
    row = secretariat.locator("li.review-row", has_text=FACEBOOK)
    expect(row.get_by_label("Status at this meeting")).to_be_focused()  # the next row is ready
    check_page(secretariat)
    row.get_by_label("Next").select_option(label="Overdue: new date")
    row.get_by_label("Note").fill("Figures delayed by legal review")
    row.get_by_role("button", name="Record").click()  # no new date: refused, nothing lost
    expect(secretariat.locator(".error-summary, .error-message").first).to_be_visible()
    row = secretariat.locator("li.review-row", has_text=FACEBOOK)
    expect(row.get_by_label("Note")).to_have_value("Figures delayed by legal review")
    expect(row.get_by_label("New due date")).to_be_focused()  # where the correction goes
    check_page(secretariat)
    row.get_by_label("New due date").fill((start + timedelta(days=120)).isoformat())
    row.get_by_role("button", name="Record").click()
    expect(secretariat.get_by_role("status")).to_contain_text("Recorded")
    row = secretariat.locator("li.review-row", has_text=FACEBOOK)
    expect(row).to_contain_text(f"(now {(start + timedelta(days=120)).isoformat()})")  # the original date stays too
    check_page(secretariat)

    public = browser.new_context().new_page()
    public.goto(f"{base}/events/redmond-one-year-on/series")
    expect(public.get_by_role("heading", level=1)).to_contain_text("Industry summits on online grooming")
    timeline = public.locator("section", has_text=THORN).get_by_role("list")
    expect(timeline).to_contain_text("Industry Summit on Detecting Online Child Grooming: made here")
    expect(timeline).to_contain_text("Industry Summit, one year on: in progress (carry forward), moved forward")
    facebook = public.locator("section", has_text=FACEBOOK).get_by_role("list")
    expect(facebook).to_contain_text("at risk (overdue: new date, now due")
    expect(public.get_by_role("region", name="Commitments moved forward, by organisation")).to_contain_text("Thorn")
    check_page(public)

"""A delegate filters the grid, signs up for a workshop, is warned about an overlapping sprint, confirms, and
finds both in My agenda: Chromium against gunicorn, on the demo programme."""

from playwright.sync_api import expect
from sqlalchemy import select

from seeds.loader import load_demo
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.events.models import Event
from summit.invitations.models import Invitation, InvitationStatus
from tests.browser.a11y import check_page


def test_choose_sessions_with_a_clash_warning(app, dbs, live_server, page):
    with app.app_context():
        load_demo(dbs, app.config)
    event = dbs.scalar(select(Event).order_by(Event.id))  # the summit (the demo series has a later meeting)
    user = create_user(dbs, SYSTEM, email="nadia@thorn.example", role=Role.DELEGATE, password="a long password 1",
                       name="Nadia Rossi", organisation_name="Thorn")
    dbs.flush()
    dbs.add(Invitation(event_id=event.id, person_id=user.person_id, organisation_id=user.person.organisation_id,
                       status=InvitationStatus.ACCEPTED, holds_seat=True, quota_override=True))
    dbs.commit()
    base = live_server()

    page.goto(base + "/login")
    check_page(page)
    page.get_by_label("Email").fill("nadia@thorn.example")
    page.get_by_label("Password").fill("a long password 1")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(page)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Agenda", exact=True).click()
    expect(page.get_by_role("link", name="Rooms × time grid")).to_be_visible()
    check_page(page)
    page.get_by_role("link", name="Rooms × time grid").click()
    page.get_by_label("Kind").select_option(label="Workshop")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Hackathon sprint 1: scoring conversation risk")).to_have_count(0)
    check_page(page)

    page.get_by_role("link", name="Workshop: moderator thresholds and human review").click()
    expect(page.get_by_role("button", name="Sign up")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_text("You have a seat at “Workshop: moderator thresholds and human review”.")).to_be_visible()

    page.goto(base + f"/events/{event.slug}/agenda?view=grid&kind=hackathon_sprint")
    page.get_by_role("link", name="Hackathon sprint 1: scoring conversation risk").click()
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", name="This session overlaps your agenda")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Workshop: moderator thresholds and human review")
    check_page(page)
    page.get_by_role("button", name="Sign up anyway").click()
    expect(page.get_by_text("You have a seat at “Hackathon sprint 1: scoring conversation risk”.")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="My agenda").click()
    main = page.get_by_role("main")
    expect(main.get_by_role("link", name="Workshop: moderator thresholds and human review")).to_be_visible()
    expect(main.get_by_role("link", name="Hackathon sprint 1: scoring conversation risk")).to_be_visible()
    expect(main.get_by_text("Overlaps another session you chose.")).to_have_count(2)
    check_page(page)

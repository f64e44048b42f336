"""An organiser's day at real scale, in Chromium against gunicorn: 340 more invitees, two sessions overlapping in one
room. Home says what needs doing; the invitations screen pages, sorts and acts on ticked rows without JavaScript;
a failed form puts its error summary in focus and on screen on a phone; the Outbox, the audit log, the programme
with its conflicts, the grid, the people finder and the delegate list all pass check_page at 1280 and 390 px.

SUMMIT_SHOTS_AFTER=folder also saves the closing note's screenshots there (after-*.png)."""

import os
import re

from playwright.sync_api import expect

from seeds.loader import load_demo
from summit.events.services import get_event
from tests.browser.a11y import check_page
from tests.browser.shots_helper import seed_invitees, seed_overlap

SHOTS = os.environ.get("SUMMIT_SHOTS_AFTER")


def shot(page, name: str, width: int) -> None:
    if SHOTS:
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.screenshot(path=os.path.join(SHOTS, f"after-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_an_organisers_day_with_340_invitees(app, dbs, live_server, page):
    with app.app_context():
        load_demo(dbs, app.config)
        event = get_event(dbs, "redmond-summit")
        seed_invitees(dbs, event, 340)
        seed_overlap(dbs, event)
    base = live_server()
    slug = "/events/redmond-summit"

    page.goto(base + "/login")
    page.get_by_label("Email").fill("organiser@homeoffice.example")
    page.get_by_label("Password").fill("summit-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="What needs doing")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Conflicts in the programme"))).to_be_visible()
    check_page(page)

    # the invitations screen: 50 a page, sorted, paged with the filters kept
    page.get_by_role("link", name="Invitations", exact=True).click()
    expect(page.get_by_text(re.compile(r"\d+ invitations · Page 1 of \d+"))).to_be_visible()
    assert page.locator("table.invitation-list tbody tr").count() == 50
    check_page(page)
    shot(page, "invitations", 1280)
    page.get_by_label("Sort by").select_option("organisation")
    page.get_by_label("State", exact=True).select_option("draft")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("navigation", name="Pages of invitations").get_by_role("link", name="Next").click()
    expect(page.get_by_text(re.compile(r"invitations match · Page 2 of"))).to_be_visible()
    expect(page.get_by_label("State", exact=True)).to_have_value("draft")
    check_page(page)

    # tick two rows and revoke them: a confirmation first, then done
    rows = page.locator("table.invitation-list tbody tr")
    first, second = rows.nth(0), rows.nth(1)
    names = [first.get_by_role("link").inner_text(), second.get_by_role("link").inner_text()]
    first.get_by_role("checkbox").check()
    second.get_by_role("checkbox").check()
    page.get_by_label("With the ticked people").select_option("revoke")
    page.get_by_role("button", name="Apply to ticked").click()
    expect(page.get_by_role("heading", name="Revoke 2 invitations?")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Yes, revoke 2").click()
    expect(page.get_by_text("Revoked 2 invitations.")).to_be_visible()
    page.get_by_label("Search name or email").fill(names[0])
    page.get_by_label("State", exact=True).select_option("")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name=re.compile(names[0]))).to_contain_text("Revoked")

    # a failed submit: the error summary takes focus and is on screen on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_text("Invite one person").click()
    page.get_by_role("button", name="Invite", exact=True).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page)

    for path, heading in ((f"{slug}/invitations/reminders", "Remind those who have not answered"),
                          (f"{slug}/invitations/import", "Import invitations from CSV"),
                          ("/admin/outbox", "Outbox"), ("/admin/audit", "Audit log"),
                          (f"{slug}/programme", "Programme"),
                          (f"{slug}/programme/people?q=invitee 01", "Find a person"),
                          (f"{slug}/delegates", "Delegates")):
        page.goto(base + path)
        expect(page.get_by_role("heading", name=heading, exact=False).first).to_be_visible()
        check_page(page)

    # the outbox: search, then one message with its link masked
    page.goto(base + "/admin/outbox?q=invitee007")
    page.get_by_role("link", name=re.compile("Invitation:")).first.click()
    expect(page.locator(".mail-preview")).to_contain_text("/rsvp/•••")
    check_page(page)

    # publishing with conflicts asks for the confirmation
    page.goto(base + f"{slug}/programme")
    expect(page.get_by_label(re.compile(r"Publish despite \d+ conflicts?"))).to_be_visible()

    # the grid: the overlapping sessions sit side by side
    page.goto(base + f"{slug}/agenda?view=grid")
    a = page.get_by_role("link", name="Overlap A: risk scoring clinic").bounding_box()
    b = page.get_by_role("link", name="Overlap B: moderator tooling").bounding_box()
    assert b["x"] >= a["x"] + a["width"], (a, b)  # beside, not on top
    check_page(page)
    shot(page, "agenda-grid", 1280)

    page.goto(base + f"{slug}/report")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page)
    shot(page, "report", 390)

"""An organiser's day at real scale, in Chromium against gunicorn: 340 more invitees, two sessions overlapping in one
room. Home says what needs doing; the invitations screen pages, sorts and acts on ticked rows without JavaScript;
a failed form puts its error summary in focus and on screen on a phone; the Outbox, the audit log, the programme
with its conflicts, the grid, the people finder and the delegate list all pass check_page at 1280 and 390 px.

SUMMIT_SHOTS_AFTER=folder also saves the closing note's screenshots there (after-*.png)."""

import io
import os
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.a11y import check_page
from tests.browser.scale import seed_overlap

SHOTS = os.environ.get("SUMMIT_SHOTS_AFTER")


def shot(page, name: str, width: int) -> None:
    if SHOTS:
        page.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        page.screenshot(path=os.path.join(SHOTS, f"after-{name}-{width}.png"), full_page=True)
        page.set_viewport_size({"width": 1280, "height": 900})


def test_an_organisers_day_with_340_invitees(app, dbs, summit_at_scale, live_server, page):
    with app.app_context():
        seed_overlap(dbs, summit_at_scale)
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
                          ("/admin/outbox", "Outbox"),
                          (f"{slug}/programme", "Programme"),
                          (f"{slug}/programme/conflicts", "Conflicts and warnings"),
                          (f"{slug}/agenda/changes", "What changed in the agenda"),
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

    # the audit log, searched: the two revocations are there, as sentences
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Audit log").click()
    page.get_by_label("Action, kind of record or actor").fill("invitation.revoke")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("2 entries matching “invitation.revoke”")).to_be_visible()
    check_page(page)

    import_with_a_quota_warning(page, base, slug)
    verify_a_letter(page, base, slug)

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


def import_with_a_quota_warning(page, base: str, slug: str) -> None:
    """The template downloads; a preview that takes an organisation past its seats says so before anything happens."""
    page.goto(base + f"{slug}/invitations/import")
    expect(page.get_by_role("heading", name="Import invitations from CSV")).to_be_visible()
    check_page(page)
    template = page.request.get(base + page.get_by_role("link", name=re.compile("Download a template"))
                                .get_attribute("href"))
    assert template.ok and template.text().lstrip("\ufeff").lower().startswith("name,email,organisation")
    rows = "".join(f"Extra Person {n},extra{n}@scale.example,Scale Org 00,Analyst\n" for n in range(2))
    body = f"name,email,organisation,job title\n{rows}".encode()
    page.get_by_label("CSV file").set_input_files(files=[{"name": "more.csv", "mimeType": "text/csv", "buffer": body}])
    page.get_by_role("button", name="Preview").click()
    warning = page.get_by_role("status").filter(has=page.get_by_role("heading", name="Seat quotas"))
    expect(warning).to_contain_text(re.compile(r"Scale Org 00 would have \d+ invitations for 10 seats"))
    check_page(page)


def verify_a_letter(page, base: str, slug: str) -> None:
    """A border officer's question: the reference on a downloaded letter is ours, a made-up one is not."""
    page.goto(base + f"{slug}/letters")
    link = page.get_by_role("link", name="Letter for Priya Natarajan")
    pdf = page.request.get(base + link.get_attribute("href"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    reference = re.search(r"SUM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)
    page.get_by_label("Reference number").fill(reference.lower())
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text(f"Valid: {reference} was issued on")
    check_page(page)
    page.get_by_label("Reference number").fill("SUM-AAAA-BBBB-CCCC")
    page.get_by_role("button", name="Verify", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Unknown: no letter of this event")

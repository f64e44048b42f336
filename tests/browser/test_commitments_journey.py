"""The secretariat's day with 340 invitees seeded: quick capture that never guesses the company, a delegate's progress
updates, one returned with a comment and one accepted and verified, marking it ready for the public report, which is
read on a 390 px phone and downloaded as CSV. Chromium against gunicorn, every page checked at both widths."""

import csv
import io

from playwright.sync_api import expect
from sqlalchemy import select

from summit.agenda.models import AgendaSession
from tests.browser.a11y import check_page
from tests.browser.steps import sign_in

GUIDE, WELLBEING = "Open-source the moderator threshold guide", "Fund a shared moderator-wellbeing service"


def test_capture_report_verify_publish(app, dbs, summit_at_scale, live_server, browser):
    report_out = dbs.scalar(select(AgendaSession.id).where(AgendaSession.title == "Report-out and commitments"))
    base = live_server()
    secretariat = browser.new_context().new_page()
    sign_in(secretariat, base, "secretariat@homeoffice.example")
    expect(secretariat.get_by_role("region", name="What needs doing")).to_be_visible()
    secretariat.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    secretariat.get_by_role("link", name="Capture in the room").click()
    # in the room, the session is preselected from its link
    secretariat.goto(f"{base}/events/redmond-summit/commitments/capture?session={report_out}")
    expect(secretariat.get_by_label("Agreed in session")).to_have_value(str(report_out))
    # no company is guessed: without a lead organisation and an expectation nothing is captured, the title stays
    secretariat.get_by_label("What was committed").fill(GUIDE)
    secretariat.get_by_label("What was committed").press("Enter")
    summary = secretariat.locator(".error-summary")
    expect(summary).to_contain_text("Choose the lead organisation.")
    expect(summary).to_contain_text("Choose the expectation it serves.")
    expect(secretariat.get_by_label("What was committed")).to_have_value(GUIDE)
    check_page(secretariat)
    for title in (GUIDE, WELLBEING):
        secretariat.get_by_label("What was committed").fill(title)
        secretariat.get_by_label("Lead organisation").select_option(label="Microsoft")
        secretariat.get_by_label("Expectation it serves").select_option(index=5)  # nothing is preselected
        secretariat.get_by_label("Due by").fill("2031-06-30")
        secretariat.get_by_label("What was committed").press("Enter")
        expect(secretariat.get_by_role("status")).to_contain_text("Captured C-0")
    captured = secretariat.get_by_role("region", name="Captured in this session")
    expect(captured).to_contain_text(GUIDE)
    expect(captured).to_contain_text(WELLBEING)
    expect(secretariat.get_by_label("What was committed")).to_be_focused()
    check_page(secretariat)

    delegate = browser.new_context().new_page()
    sign_in(delegate, base, "delegate@microsoft.example")
    delegate.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    expect(delegate.get_by_role("heading", level=1)).to_contain_text("Our commitments")
    check_page(delegate)
    for title, text, progress, status in ((GUIDE, "Guide published under CC BY 4.0.", "100", "Delivered"),
                                          (WELLBEING, "Talks started.", "10", "")):
        delegate.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
        delegate.get_by_role("link", name=title).click()
        expect(delegate.get_by_label("What has happened")).to_be_visible()
        check_page(delegate)
        delegate.get_by_label("What has happened").fill(text)
        delegate.get_by_label("Progress now (%)").fill(progress)
        if status:
            delegate.get_by_label("Evidence links (one per line)").fill("https://example.org/moderator-guide")
            delegate.get_by_label("Propose a status").select_option(label=status)
        delegate.get_by_role("button", name="Send update").click()
        expect(delegate.get_by_text("your update is with the secretariat")).to_be_visible()

    secretariat.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    expect(secretariat.get_by_role("region", name="Updates waiting for review")).to_contain_text("Priya Natarajan")
    check_page(secretariat)
    # the thin update goes back with a comment; the other is accepted and verified
    secretariat.get_by_role("link", name=WELLBEING).first.click()
    secretariat.get_by_label("Decision").select_option(label="Return with a comment")
    secretariat.get_by_label("Comment").fill("Please say which companies have joined.")
    secretariat.get_by_role("button", name="Record decision").click()
    expect(secretariat.get_by_text("Update returned with your comment.")).to_be_visible()
    expect(secretariat.get_by_role("region", name="Progress updates")).to_contain_text(
        "Please say which companies have joined.")
    check_page(secretariat)
    secretariat.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    secretariat.get_by_role("link", name=GUIDE).first.click()
    expect(secretariat.get_by_label("Decision")).to_be_visible()
    check_page(secretariat)
    secretariat.get_by_label("Decision").select_option(label="Accept")
    secretariat.get_by_role("button", name="Record decision").click()
    expect(secretariat.get_by_text("Update accepted.")).to_be_visible()
    secretariat.get_by_label("Evidence the verification rests on").fill("Guide checked online.")
    secretariat.get_by_role("button", name="Verify").click()
    expect(secretariat.get_by_text("is verified")).to_be_visible()
    check_page(secretariat)
    # captured in the room: on the public report only once the secretariat marks it ready
    secretariat.get_by_role("button", name="Mark ready for the report").click()
    expect(secretariat.get_by_role("status")).to_contain_text("is ready for the report")

    public = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    public.goto(base + "/events/redmond-summit/report")
    check_page(public)
    row = public.get_by_role("row", name=GUIDE)
    expect(row.first).to_contain_text("Verified")
    expect(row.first.get_by_role("link", name="Evidence: example.org/moderator-guide")).to_have_attribute("href",
                                                                           "https://example.org/moderator-guide")
    width = public.evaluate("() => document.documentElement.clientWidth")
    assert row.first.bounding_box()["width"] <= width  # a card on the phone, not a table cut off at the edge
    public.set_viewport_size({"width": 1280, "height": 800})
    check_page(public)

    response = public.request.get(base + "/events/redmond-summit/report.csv")
    assert response.ok and response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text().lstrip("\ufeff"))))
    guide = next(r for r in rows if r["title"] == GUIDE)
    assert guide["status"] == "Verified" and "https://example.org/moderator-guide" in guide["evidence"], guide
    assert not any("_" in r["status"] for r in rows), [r["status"] for r in rows]  # words people read

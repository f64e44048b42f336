"""From the room to the public record: the secretariat keeps notes in the report-out (warned before naming anyone),
turns an action into a commitment, marks it ready for the report, drafts the outcome statement from the notes and
the commitments, and publishes it; the public reads it at /events/<slug>/outcome and asks for a tool. Chromium
against gunicorn, on the demo data; every page is checked with axe at 1280 and 390 px."""

from playwright.sync_api import expect
from sqlalchemy import select

from seeds.loader import load_demo
from summit.agenda.models import AgendaSession
from tests.browser.a11y import check_page
from tests.browser.test_commitments_journey import sign_in

DECISION = "Participants will publish their moderator guidance within six months."
ACTION = "Microsoft will package the classifier for small companies."


def test_note_action_commitment_ready_outcome_published(app, dbs, live_server, browser):
    with app.app_context():
        load_demo(dbs, app.config)
    report_out = dbs.scalar(select(AgendaSession.id).where(AgendaSession.title == "Report-out and commitments"))
    base = live_server()
    page = browser.new_context().new_page()
    sign_in(page, base, "secretariat@homeoffice.example")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # notes in the room: a public decision, then an action that names a company present
    page.goto(f"{base}/events/redmond-summit/sessions/{report_out}")
    page.get_by_role("link", name="Session notes").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Notes")
    check_page(page)
    page.get_by_label("Note", exact=True).fill(DECISION)
    page.get_by_label("Kind").select_option(label="Decision")
    page.get_by_label("Who may read it").select_option(label="Public")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_contain_text("Noted.")
    page.get_by_label("Note", exact=True).fill(ACTION)
    page.get_by_label("Kind").select_option(label="Action")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("alert")).to_contain_text("This note names Microsoft")
    check_page(page)
    expect(page.get_by_label("Note", exact=True)).to_have_value(ACTION)  # what was typed stays
    page.get_by_label("Keep the names: I mean to attribute this").check()
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_role("status")).to_contain_text("Noted.")
    notes = page.get_by_role("region", name="Notes, newest first")
    expect(notes.get_by_role("article").first).to_contain_text(ACTION)
    check_page(page)

    # the action becomes a commitment in one step, not yet public
    action = notes.get_by_role("article").first
    action.get_by_text("Make it a commitment").click()
    action.get_by_label("Owner organisation").select_option(label="Microsoft")
    action.get_by_label("Expectation it serves").select_option(label="Offer tools free to other companies")
    action.get_by_role("button", name="Record the commitment").click()
    expect(page.get_by_role("status")).to_contain_text("not public until it is marked ready")
    check_page(page)

    # the dashboard shows what waits; one click marks it ready
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    waiting = page.get_by_role("region", name="Waiting to be marked ready for the report")
    expect(waiting).to_contain_text("Microsoft will package the classifier")
    expect(page.get_by_role("region", name="Invited organisations by expectation (every visibility)")).to_be_visible()
    check_page(page)
    waiting.get_by_role("button", name="Mark ready").click()
    expect(page.get_by_role("status")).to_contain_text("is ready for the report")
    expect(waiting).to_contain_text("Nothing is waiting")

    # the outcome statement: drafted from the notes and the commitments, saved, published
    page.get_by_role("link", name="Outcome statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Outcome statement")
    check_page(page)
    page.get_by_label("Statement (Markdown)").fill("The summit agreed on the following.")
    page.get_by_role("button", name="Add the public decisions from the notes").click()
    expect(page.get_by_label("Statement (Markdown)")).to_contain_text(DECISION)
    page.get_by_role("button", name="Add the public commitments by expectation").click()
    expect(page.get_by_label("Statement (Markdown)")).to_contain_text("Microsoft will package the classifier")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("status")).to_contain_text("Saved version 1.")
    check_page(page)
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("status")).to_contain_text("Version 1 is published")
    check_page(page)

    # the public reads it, and asks for a tool from the report
    public = browser.new_context().new_page()
    public.goto(f"{base}/events/redmond-summit/outcome")
    statement = public.get_by_role("article")
    expect(statement.get_by_role("heading", level=1)).to_contain_text("Outcome statement")
    expect(statement).to_contain_text(DECISION)
    expect(statement).to_contain_text("Microsoft will package the classifier")
    expect(statement).to_contain_text("Published")
    check_page(public)
    public.goto(f"{base}/events/redmond-summit/report")
    expect(public.get_by_role("region", name="Invited organisations by expectation")).to_contain_text(
        "No commitment yet")
    check_page(public)
    public.get_by_role("link", name="Grooming-risk classifier for chat").click()
    expect(public.get_by_role("heading", name="How to request it")).to_be_visible()
    check_page(public)
    public.get_by_label("Your name").fill("Sam Lee")
    public.get_by_label("Your organisation").fill("Small Chat Ltd")
    public.get_by_label("Your email").fill("sam@smallchat.example")
    public.get_by_label("What you would use it for").fill("Moderating a chat app for teenagers.")
    public.get_by_role("button", name="Send the request").click()
    expect(public.get_by_role("status")).to_contain_text("your request has gone to Microsoft")
    check_page(public)

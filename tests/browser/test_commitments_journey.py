"""The secretariat captures two commitments in a session; a delegate reports progress with evidence; the
secretariat accepts and verifies it; the public report shows it. Chromium against gunicorn, on the demo data."""

from playwright.sync_api import expect
from sqlalchemy import select

from seeds.loader import load_demo
from summit.agenda.models import AgendaSession
from tests.browser.a11y import check_page


def sign_in(page, base, email, password="summit-demo", check=False):  # noqa: S107 - the demo password
    page.goto(base + "/login")
    if check:
        check_page(page)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_capture_report_verify_publish(app, dbs, live_server, browser):
    with app.app_context():
        load_demo(dbs, app.config)
    report_out = dbs.scalar(select(AgendaSession.id).where(AgendaSession.title == "Report-out and commitments"))
    base = live_server()
    secretariat = browser.new_context().new_page()
    sign_in(secretariat, base, "secretariat@homeoffice.example", check=True)
    expect(secretariat.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(secretariat)
    secretariat.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    secretariat.get_by_role("link", name="Capture in the room").click()
    # in the room, the session is preselected from its link
    secretariat.goto(f"{base}/events/redmond-summit/commitments/capture?session={report_out}")
    expect(secretariat.get_by_label("Agreed in session")).to_have_value(str(report_out))
    for title in ("Open-source the moderator threshold guide", "Fund a shared moderator-wellbeing service"):
        secretariat.get_by_label("What was committed").fill(title)
        secretariat.get_by_label("Lead organisation").select_option(label="Microsoft")
        secretariat.get_by_label("Expectation it serves").select_option(index=5)  # nothing is preselected
        secretariat.get_by_label("Due by").fill("2031-06-30")
        secretariat.get_by_label("What was committed").press("Enter")
        expect(secretariat.get_by_role("status")).to_contain_text("Captured C-0")
    captured = secretariat.get_by_role("region", name="Captured in this session")
    expect(captured).to_contain_text("Open-source the moderator threshold guide")
    expect(captured).to_contain_text("Fund a shared moderator-wellbeing service")
    expect(secretariat.get_by_label("What was committed")).to_be_focused()
    check_page(secretariat)

    delegate = browser.new_context().new_page()
    sign_in(delegate, base, "delegate@microsoft.example")
    expect(delegate.get_by_role("button", name="Sign out")).to_be_visible()
    check_page(delegate)
    delegate.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    expect(delegate.get_by_role("heading", level=1)).to_contain_text("Our commitments")
    check_page(delegate)
    delegate.get_by_role("link", name="Open-source the moderator threshold guide").click()
    expect(delegate.get_by_label("What has happened")).to_be_visible()
    check_page(delegate)
    delegate.get_by_label("What has happened").fill("Guide published under CC BY 4.0.")
    delegate.get_by_label("Progress now (%)").fill("100")
    delegate.get_by_label("Evidence links (one per line)").fill("https://example.org/moderator-guide")
    delegate.get_by_label("Propose a status").select_option(label="Delivered")
    delegate.get_by_role("button", name="Send update").click()
    expect(delegate.get_by_text("your update is with the secretariat")).to_be_visible()

    secretariat.get_by_role("navigation", name="Main").get_by_role("link", name="Commitments").click()
    expect(secretariat.get_by_role("region", name="Updates waiting for review")).to_contain_text("Priya Natarajan")
    check_page(secretariat)
    secretariat.get_by_role("link", name="Open-source the moderator threshold guide").first.click()
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

    public = browser.new_context().new_page()
    public.goto(base + "/events/redmond-summit/report")
    check_page(public)
    row = public.get_by_role("row", name="Open-source the moderator threshold guide")
    expect(row.first).to_contain_text("Verified")
    expect(row.first.get_by_role("link", name="Evidence: example.org/moderator-guide")).to_have_attribute("href",
                                                                           "https://example.org/moderator-guide")

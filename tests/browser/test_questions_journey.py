"""An organiser adds an RSVP question; a delegate answers it with their RSVP and downloads their invitation letter;
the organiser finds the answer on the campus visitor list and verifies the letter. Chromium against gunicorn, on
the demo data, axe-clean at both widths on every page."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from seeds.loader import load_demo
from tests.browser.a11y import check_page
from tests.browser.steps import sign_in

EVENT = "/events/redmond-summit"


def test_add_a_question_answer_it_download_the_letter_and_see_it_on_the_visitor_list(app, dbs, live_server,
                                                                                        browser):
    with app.app_context():
        load_demo(dbs, app.config)
    base = live_server()

    organiser = browser.new_context().new_page()
    sign_in(organiser, base, "organiser@homeoffice.example")
    organiser.get_by_role("link", name="Invitations", exact=True).click()
    organiser.get_by_role("link", name="RSVP questions").click()
    expect(organiser.get_by_role("heading", name="RSVP questions", level=1)).to_be_visible()
    check_page(organiser)
    organiser.get_by_label("Question", exact=True).fill("Mobile number on the day")
    organiser.get_by_label("Help text").fill("So that the security desk can call you at the gate.")
    organiser.get_by_label("Required of everyone who accepts").check()
    organiser.get_by_label("Organisers and the secretariat").check()
    organiser.get_by_label("Include on the campus visitor list for security").check()
    organiser.get_by_role("button", name="Add question").click()
    expect(organiser.get_by_text("Added “Mobile number on the day”")).to_be_visible()
    check_page(organiser)
    organiser.get_by_role("button", name=re.compile(r"Move up\s*: Mobile number")).click()  # no JavaScript: a form
    last_two = organiser.locator(".question-list > li h3")
    expect(last_two.nth(last_two.count() - 2)).to_have_text("Mobile number on the day")
    check_page(organiser)
    organiser.get_by_role("link", name=re.compile(r"Delete\s*“Hotel”")).click()
    expect(organiser.get_by_role("heading", name="Delete “Hotel”?")).to_be_visible()
    check_page(organiser)
    organiser.get_by_role("link", name="Keep it").click()
    expect(organiser.get_by_role("heading", name="RSVP questions", level=1)).to_be_visible()

    delegate = browser.new_context().new_page()
    sign_in(delegate, base, "delegate@microsoft.example")
    delegate.get_by_role("link", name="My invitation").click()
    expect(delegate.get_by_role("group", name="Questions from the organisers")).to_be_visible()
    check_page(delegate)
    phone = delegate.get_by_label("Mobile number on the day (required if you attend)")
    expect(phone).to_have_attribute("aria-describedby", re.compile(r"-hint"))
    name_on_id = delegate.get_by_label("Full name as on your photo ID", exact=True)
    expect(name_on_id).to_have_value("Priya Lakshmi Natarajan")  # their own earlier answer
    name_on_id.fill("Priya L. Natarajan")
    delegate.get_by_role("button", name="Send my answer").click()
    expect(delegate.get_by_text("Answer this question to accept.", exact=True)).to_be_visible()  # 422
    expect(delegate.get_by_label("Full name as on your photo ID", exact=True)).to_have_value("Priya L. Natarajan")
    check_page(delegate)
    delegate.get_by_label("Mobile number on the day (required if you attend)").fill("+1 425 555 0142")
    delegate.get_by_role("button", name="Send my answer").click()
    expect(delegate.get_by_text("Thank you: your place is confirmed.")).to_be_visible()
    check_page(delegate)
    with delegate.expect_download() as download:
        delegate.get_by_role("link", name="Download your invitation letter (PDF)").click()
    letter = download.value.path().read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(letter)).pages)
    assert "Priya L. Natarajan" in text and "Microsoft" in text and "UK Home Office and Microsoft" in text
    reference = re.search(r"SUM-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", text).group(0)

    organiser.get_by_role("link", name="Visitors").click()
    expect(organiser.get_by_role("heading", name="Campus visitor list")).to_be_visible()
    check_page(organiser)
    row = organiser.get_by_role("row", name=re.compile("Priya L. Natarajan"))
    expect(row).to_contain_text("+1 425 555 0142")
    organiser.get_by_label("Day").select_option(index=2)  # the second day
    organiser.get_by_role("button", name="Show").click()
    expect(organiser.get_by_role("heading", name=re.compile("Campus visitor list: "))).to_be_visible()
    check_page(organiser)
    expect(organiser.get_by_role("row", name=re.compile("Priya L. Natarajan"))).to_be_visible()  # on both days
    expect(organiser.get_by_role("row", name=re.compile("Yusuf Emre Demir"))).to_have_count(0)  # day one only

    organiser.goto(base + EVENT + "/letters")
    expect(organiser.get_by_role("heading", name="Invitation letters", level=1)).to_be_visible()
    check_page(organiser)
    organiser.get_by_label("Reference number").fill(reference)
    organiser.get_by_role("button", name="Verify").click()
    expect(organiser.get_by_role("status")).to_contain_text("Valid:")
    expect(organiser.get_by_role("status")).to_contain_text("Priya Natarajan")
    check_page(organiser)

"""With 340 invitees seeded: a delegate sees their check-in code; reception, on a 390 px phone, searches, checks them
in and undoes it, opens a code typed from a dead phone, and reads a session's door list on screen and as printed; an
organiser sees the live counts and prints badges. Chromium against gunicorn, axe-clean at both widths on every page."""

import io
import re

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.a11y import check_page
from tests.browser.steps import sign_in

PHONE = {"width": 390, "height": 844}


def test_a_delegate_shows_a_code_reception_checks_them_in_and_an_organiser_prints_badges(summit_at_scale,
                                                                                         live_server, browser):
    base = live_server()

    delegate = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(delegate, base, "delegate@microsoft.example")
    delegate.get_by_role("link", name="My invitation").click()
    expect(delegate.get_by_role("heading", name="Your check-in code")).to_be_visible()
    expect(delegate.get_by_role("img", name=re.compile("QR code for checking in Priya Natarajan"))).to_be_visible()
    check_page(delegate)
    code = delegate.locator(".pass-code").inner_text()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)

    desk = browser.new_context(viewport=PHONE).new_page()
    desk.set_default_timeout(15_000)
    sign_in(desk, base, "reception@homeoffice.example")
    check_page(desk)
    desk.get_by_role("link", name="Check-in", exact=True).first.click()
    expect(desk.get_by_role("heading", name=re.compile("^Check-in"))).to_be_visible()
    check_page(desk)
    desk.get_by_label("Name, organisation or check-in code").fill("priya")
    desk.get_by_role("button", name="Search").click()
    expect(desk.get_by_role("heading", name=re.compile("1 match"))).to_be_visible()
    check_page(desk)
    desk.get_by_role("button", name="Check in Priya Natarajan").click()
    expect(desk.get_by_text("Checked in: Priya Natarajan.")).to_be_visible()
    expect(desk.get_by_text(re.compile(r"Checked in at \d\d:\d\d by Robin Reception"))).to_be_visible()
    check_page(desk)
    desk.get_by_role("button", name="Undo check-in").click()
    expect(desk.get_by_text("Check-in undone: Priya Natarajan is not checked in.")).to_be_visible()
    check_page(desk)

    # the phone is dead: the delegate reads the code out; typed into the search, it opens the same page
    desk.get_by_role("link", name="Check-in search").click()
    desk.get_by_label("Name, organisation or check-in code").fill(code.lower())
    desk.get_by_role("button", name="Search").click()
    expect(desk.get_by_role("heading", name="Priya Natarajan")).to_be_visible()
    desk.get_by_role("button", name="Check in").click()
    expect(desk.get_by_text("Checked in: Priya Natarajan.")).to_be_visible()
    check_page(desk)
    desk.get_by_role("link", name="Check-in search").click()
    desk.get_by_role("link", name="Session door lists").click()
    expect(desk.get_by_role("heading", name=re.compile("Session door lists"))).to_be_visible()
    check_page(desk)
    desk.get_by_role("link", name=re.compile("data sharing and referrals")).first.click()
    expect(desk.get_by_text("Only these organisations may enter")).to_be_visible()
    check_page(desk)
    desk.emulate_media(media="print")  # the paper list: the same page as printed, without the buttons
    expect(desk.get_by_role("link", name="Download CSV")).to_be_hidden()
    check_page(desk)
    desk.emulate_media(media="screen")

    organiser = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    sign_in(organiser, base, "organiser@homeoffice.example")
    counts = organiser.locator("section", has=organiser.get_by_role("heading", name="Check-in"))
    expect(counts).to_contain_text(re.compile(r"1 checked in of \d+ expected"))
    check_page(organiser)
    organiser.get_by_role("link", name="Open check-in").click()
    organiser.get_by_role("link", name="Print badges").click()
    expect(organiser.get_by_label("Layout")).to_be_visible()
    check_page(organiser)
    organiser.get_by_label("Layout").select_option("a4-6")
    pdf = organiser.request.get(base + f"/events/redmond-summit/badges.pdf?layout="
                                       f"{organiser.get_by_label('Layout').input_value()}")
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
    assert "Priya Natarajan" in text and "Chatham House Rule applies" in text

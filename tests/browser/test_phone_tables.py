"""On a phone, the wide tables people read most (the public report's commitments, the dashboard, the Outbox) become one
card per row, each value named, instead of a box that scrolls sideways (issue 12)."""

from __future__ import annotations

from playwright.sync_api import expect

from seeds.loader import load_demo
from tests.browser.a11y import check_page
from tests.browser.steps import sign_in

PHONE = {"width": 390, "height": 844}
FITS = """() => [...document.querySelectorAll('table.stack')].map(t => {
  const box = t.closest('.table-scroll') || t; return [box.scrollWidth, box.clientWidth]; })"""


def assert_cards_fit(page) -> None:
    sizes = page.evaluate(FITS)
    assert sizes, "no stacked table on " + page.url
    assert all(scroll <= client for scroll, client in sizes), (page.url, sizes)


def test_wide_tables_become_cards_on_a_phone(app, dbs, live_server, browser):
    with app.app_context():
        load_demo(dbs, app.config)
    base = live_server()
    public = browser.new_context(viewport=PHONE).new_page()
    public.goto(base + "/events/redmond-summit/report")
    check_page(public)
    assert_cards_fit(public)
    status = public.locator("table.stack tr", has_text="C-003").first.locator('td[data-label="Status"]')
    expect(status).to_contain_text("At risk")
    assert status.evaluate("td => getComputedStyle(td, '::before').content") == '"Status: "'  # each value named

    organiser = browser.new_context(viewport=PHONE).new_page()
    sign_in(organiser, base, "organiser@homeoffice.example")
    for path in ("/events/redmond-summit/commitments", "/admin/outbox"):
        organiser.goto(base + path)
        check_page(organiser)
        assert_cards_fit(organiser)

import os

from playwright.sync_api import expect

from seeds.loader import load_demo
from summit.events.services import get_event
from tests.browser.shots_helper import seed_invitees, seed_overlap

PREFIX = os.environ.get("SHOT_PREFIX", "before")
OUT = "/work/wt/shots/"


def test_shots(app, dbs, live_server, page):
    with app.app_context():
        load_demo(dbs, app.config)
        event = get_event(dbs, "redmond-summit")
        seed_invitees(dbs, event)
        seed_overlap(dbs, event)
    base = live_server()
    page.goto(base + "/login")
    page.get_by_label("Email").fill("organiser@homeoffice.example")
    page.get_by_label("Password").fill("summit-demo")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(base + "/events/redmond-summit/invitations")
    page.screenshot(path=OUT + f"{PREFIX}-invitations-1280.png", full_page=True)
    page.goto(base + "/events/redmond-summit/agenda?view=grid")
    page.screenshot(path=OUT + f"{PREFIX}-agenda-grid-1280.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base + "/events/redmond-summit/report")
    page.screenshot(path=OUT + f"{PREFIX}-report-390.png", full_page=True)

"""Playwright driving Debian's Chromium against a live gunicorn server."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (see .ci/run)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def summit_at_scale(app, dbs):
    """The demo summit with 340 more invitees (tests/browser/scale.py); returns the event."""
    from seeds.loader import load_demo
    from summit.events.services import get_event
    from tests.browser.scale import seed_invitees

    with app.app_context():
        load_demo(dbs, app.config)
        event = get_event(dbs, "redmond-summit")
        seed_invitees(dbs, event)
    return event


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()

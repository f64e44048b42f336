"""Regenerate docs/screenshot.png: `make run` in one terminal, then `.venv/bin/python docs/screenshot.py`."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:5000"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
    page = browser.new_page(viewport={"width": 1280, "height": 820})
    page.goto(BASE + "/login")
    page.get_by_label("Email").fill("organiser@homeoffice.example")
    page.get_by_label("Password").fill("summit-demo")
    page.get_by_role("button", name="Sign in").click()
    page.goto(BASE + (sys.argv[2] if len(sys.argv) > 2 else "/"))
    page.screenshot(path=str(Path(__file__).with_name("screenshot.png")), full_page=False)
    browser.close()

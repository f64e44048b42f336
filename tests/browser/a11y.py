"""The standing rule for every browser journey: axe-core finds no violation of any rule it runs by default (WCAG 2.0,
2.1 and 2.2 A and AA, and its best practices such as `region`, `heading-order` and `landmark-unique`) at a desktop and
a phone width, and the page never scrolls sideways.

axe-core comes from the pinned axe-playwright-python wheel (axe.min.js inside it), never from another origin. It is
put into the page with `page.evaluate`, which runs through the DevTools protocol and is not subject to the page's
Content-Security-Policy; `add_script_tag` would add an inline script that `script-src 'self'` refuses, and
`bypass_csp=True` would switch the policy off for the whole journey, so the journeys would no longer show that the app
works under its own CSP.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from axe_playwright_python.base import AXE_SCRIPT

WIDTHS = ({"width": 1280, "height": 800}, {"width": 390, "height": 844})
AXE_OPTIONS = {"resultTypes": ["violations"]}  # every rule axe runs by default: 0 violations of any impact
SHOTS = os.environ.get("SUMMIT_SCREENSHOTS")  # a folder: full-page screenshots of every checked page, to look at


def check_page(page) -> None:
    """Fail, listing each problem, if axe finds a violation or the document scrolls sideways at either width.

    Call it once the journey has waited for something only the new page shows: a URL or a heading that the page
    before also had may still be the old document's.
    """
    page.wait_for_load_state()  # the stylesheets too: an unstyled page has other problems than the real one
    original = page.viewport_size
    problems: list[str] = []
    try:
        for size in WIDTHS:
            page.set_viewport_size(size)
            problems += [f"at {size['width']} px: {problem}" for problem in _problems(page)]
            if SHOTS:
                _screenshot(page, size["width"])
    finally:
        if original:
            page.set_viewport_size(original)
    assert not problems, f"{page.url}\n" + "\n".join(problems)


def _problems(page) -> list[str]:
    if page.evaluate("() => typeof window.axe") == "undefined":
        page.evaluate(AXE_SCRIPT)
    results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} -> {', '.join(' '.join(node['target']) for node in v['nodes'])}"
        for v in results["violations"]
    ]
    scroll, client = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll > client:
        found.append(f"the document scrolls sideways: scrollWidth {scroll} > clientWidth {client}")
    return found


def _screenshot(page, width: int) -> None:
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9]+", "-", page.url.split("//", 1)[-1].split("/", 1)[-1]).strip("-") or "home"
    page.screenshot(path=folder / f"{name}-{width}.png", full_page=True)

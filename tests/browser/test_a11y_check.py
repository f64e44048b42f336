"""The accessibility check itself: it names each axe violation and a page that scrolls sideways, at each width."""

import pytest

from tests.browser.a11y import check_page

CLEAN = """<!doctype html><html lang="en"><head><title>Fine</title></head>
<body><main><h1>Fine</h1><label for="q">Search</label><input id="q" type="search"></main></body></html>"""

# an unlabelled field, an image without a text alternative, and a box only a phone is too narrow for
BROKEN = """<!doctype html><html lang="en"><head><title>Broken</title></head>
<body><main><h1>Broken</h1><input type="text"><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<div style="width: 600px">wide</div></main></body></html>"""


def test_a_clean_page_passes_and_the_viewport_is_restored(page):
    page.set_content(CLEAN)
    check_page(page)
    assert page.viewport_size == {"width": 1280, "height": 900}


def test_each_violation_and_sideways_scrolling_is_listed_by_width(page):
    page.set_content(BROKEN)
    with pytest.raises(AssertionError) as failure:
        check_page(page)
    lines = str(failure.value).splitlines()
    for width in (1280, 390):
        assert any(line.startswith(f"at {width} px: label (critical): Form elements must have labels -> input")
                   for line in lines), lines
        assert any(line.startswith(f"at {width} px: image-alt (critical)") for line in lines), lines
    assert any(line.startswith("at 390 px: the document scrolls sideways: scrollWidth 6") for line in lines), lines
    assert not any(line.startswith("at 1280 px: the document scrolls sideways") for line in lines)
    assert page.viewport_size == {"width": 1280, "height": 900}


# axe's best practices count too: text outside every landmark (as the demo banner once was) and a skipped heading level
OUTSIDE = """<!doctype html><html lang="en"><head><title>Outside</title></head>
<body><div>Demo data</div><main><h1>Outside</h1><h3>Skipped a level</h3></main></body></html>"""


def test_best_practices_such_as_region_and_heading_order_are_checked(page):
    page.set_content(OUTSIDE)
    with pytest.raises(AssertionError) as failure:
        check_page(page)
    lines = str(failure.value).splitlines()
    assert any(line.startswith("at 1280 px: region (moderate)") for line in lines), lines
    assert any(line.startswith("at 390 px: heading-order (moderate)") for line in lines), lines

"""The README sends newcomers to places by what they see: every "**X** in the header" it names is a link in the header
of a signed-in page, for every role, and "A → B" paths start from a header link (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def header_links(html: str) -> set[str]:
    header = html.split('<header class="site-header">', 1)[1].split("</header>", 1)[0]
    return {re.sub(r"<[^>]+>", "", text).strip() for text in re.findall(r"<a [^>]*>(.*?)</a>", header, re.S)}


def test_the_readme_names_header_links_that_exist():
    named = set(re.findall(r"\*\*([^*]+)\*\* in the header", README))
    assert {"API", "Profile"} <= named  # what this test is about is still in the README


@pytest.mark.parametrize("role", ["organiser", "secretariat", "delegate"])
def test_every_header_link_the_readme_names_is_there_for_each_role(request, make_event, role):
    make_event()
    client = request.getfixturevalue(f"{role}_client")
    links = header_links(client.get("/").get_data(as_text=True))
    for name in re.findall(r"\*\*([^*]+)\*\* in the header", README):
        assert name in links, (name, links)
    for start in re.findall(r"\(([A-Z][A-Za-z ]+) → ", README):
        assert start in links | {"My agenda"}, start  # My agenda is in the delegate's navigation

"""Markdown to safe HTML: markdown-it renders, nh3 keeps only harmless tags and attributes."""

from __future__ import annotations

import re
from functools import cache

import nh3
from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h2", "h3", "h4", "table",
        "thead", "tbody", "tr", "th", "td", "hr"}
_HEADING = re.compile(r"(</?h)([1-6])\b")


@cache
def _renderer():
    from markdown_it import MarkdownIt  # imported by the first page that shows Markdown, not by every worker

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text: str, top_heading: int = 3) -> Markup:
    """Safe HTML for this Markdown. Its headings keep their relative levels, moved together so that the highest is
    `top_heading` (a page whose h1 comes just before the text passes 2): no level is skipped. h2 to h4 are kept,
    deeper ones become plain text."""
    html = _renderer().render(text or "")
    levels = [int(level) for _, level in _HEADING.findall(html)]
    if levels and min(levels) != top_heading:
        shift = top_heading - min(levels)
        html = _HEADING.sub(lambda m: f"{m.group(1)}{min(6, max(1, int(m.group(2)) + shift))}", html)
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    return Markup(clean)  # noqa: S704 - sanitised by nh3 on the line above

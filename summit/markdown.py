"""Markdown to safe HTML: markdown-it renders, nh3 keeps only harmless tags and attributes."""

from __future__ import annotations

from functools import cache

import nh3
from markupsafe import Markup

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h3", "h4", "table", "thead",
        "tbody", "tr", "th", "td", "hr"}


@cache
def _renderer():
    from markdown_it import MarkdownIt  # imported by the first page that shows Markdown, not by every worker

    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def render(text: str) -> Markup:
    html = _renderer().render(text or "")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    return Markup(clean)  # noqa: S704 - sanitised by nh3 on the line above

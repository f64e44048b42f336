"""Markdown to safe HTML: markdown-it renders, nh3 keeps only harmless tags and attributes."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote", "h3", "h4", "table", "thead",
        "tbody", "tr", "th", "td", "hr"}


def render(text: str) -> Markup:
    html = _renderer.render(text or "")
    clean = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
                      link_rel="noopener noreferrer nofollow")
    return Markup(clean)  # noqa: S704 - sanitised by nh3 on the line above

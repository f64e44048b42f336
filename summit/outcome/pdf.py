"""The published outcome statement as a PDF: Markdown read block by block (headings, paragraphs, lists, quotes)
and written with fpdf2 in DejaVu Sans; links print with their address."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from ..pdf import FAMILY, new_document, to_bytes

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported by the first statement printed, not by every worker

    return MarkdownIt("commonmark", {"html": False}).enable("table")


SIZES = {"h1": 16, "h2": 14, "h3": 13, "h4": 12, "h5": 11, "h6": 11}


def inline_text(token: Token) -> str:
    """An inline token as plain text; a link keeps its address after its words."""
    parts: list[str] = []
    href = None
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
        elif child.type == "link_open":
            href = child.attrGet("href")
        elif child.type == "link_close" and href:
            parts.append(f" ({href})")
            href = None
    return "".join(parts)


def blocks(text: str) -> list[tuple[str, str]]:
    """(kind, text) for each block: h1..h6, p, li (with its marker), quote, code."""
    out: list[tuple[str, str]] = []
    lists: list[list[int]] = []  # a counter for each open ordered list, -1 for bullets
    kind = "p"
    quote = 0
    for token in _parser().parse(text or ""):
        if token.type == "heading_open":
            kind = token.tag
        elif token.type == "paragraph_open":
            kind = "quote" if quote else ("li" if lists else "p")
        elif token.type == "blockquote_open":
            quote += 1
        elif token.type == "blockquote_close":
            quote -= 1
        elif token.type == "bullet_list_open":
            lists.append([-1])
        elif token.type == "ordered_list_open":
            lists.append([int(token.attrGet("start") or 1) - 1])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type in ("fence", "code_block"):
            out.append(("code", token.content.rstrip()))
        elif token.type == "inline":
            words = inline_text(token)
            if kind == "li" and lists:
                counter = lists[-1]
                if counter[0] >= 0:
                    counter[0] += 1
                marker = f"{counter[0]}." if counter[0] >= 0 else "•"
                words = f"{'    ' * (len(lists) - 1)}{marker} {words}"
            out.append((kind, words))
    return out


def outcome_pdf(title: str, subtitle: str, published_at: str, text: str, generated: datetime | None = None) -> bytes:
    """The statement: its title, the event, the publication date, then the text."""
    pdf = new_document(title=title, author="Summit secretariat")
    pdf.set_auto_page_break(True, margin=18)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font(FAMILY, "B", 18)
    pdf.multi_cell(0, 9, title, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6, f"Published {published_at}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for kind, words in blocks(text):
        if kind in SIZES:
            pdf.ln(2)
            pdf.set_font(FAMILY, "B", SIZES[kind])
            pdf.multi_cell(0, 7, words, new_x="LMARGIN", new_y="NEXT")
            pdf.set_font(FAMILY, "", 11)
        else:
            indent = 8 if kind in ("quote", "code") else 0
            pdf.set_x(pdf.l_margin + indent)
            pdf.multi_cell(0, 6, words, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(1 if kind == "li" else 2)
    return to_bytes(pdf)

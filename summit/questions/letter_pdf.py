"""The invitation letter as a PDF: pure, plain values in, bytes out (fpdf2 through summit.pdf)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..pdf import FAMILY, new_document, to_bytes


@dataclass(frozen=True)
class LetterData:
    reference: str
    issued_on: str
    letterhead: str
    name: str
    organisation: str
    job_title: str
    event_name: str
    venue: str
    dates: str
    purpose: str
    signer_name: str
    signer_title: str
    contact: str


def render_letters(letters: Sequence[LetterData], title: str = "Invitation letter") -> bytes:
    """One A4 page per letter, in one document."""
    pdf = new_document(title=title, author=letters[0].signer_name if letters else "")
    pdf.set_margins(25, 20, 25)
    for letter in letters:
        _page(pdf, letter)
    return to_bytes(pdf)


def _page(pdf, letter: LetterData) -> None:
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin
    pdf.set_font(FAMILY, "B", 12)
    for line in letter.letterhead.splitlines() or [""]:
        pdf.cell(width, 6, line, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(40, 60, 110)
    pdf.line(pdf.l_margin, pdf.get_y() + 2, pdf.w - pdf.r_margin, pdf.get_y() + 2)
    pdf.ln(8)
    pdf.set_font(FAMILY, "", 10)
    pdf.cell(width, 5, f"Reference: {letter.reference}", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(width, 5, f"Date: {letter.issued_on}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(width, 8, "Letter of invitation", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(width, 6, "To whom it may concern,", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.cell(width, 6, "We are pleased to confirm that", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(width, 8, letter.name, align="C", new_x="LMARGIN", new_y="NEXT")  # a long name wraps
    pdf.set_font(FAMILY, "", 11)
    role = f"{letter.job_title}, {letter.organisation}" if letter.job_title else letter.organisation
    pdf.multi_cell(width, 6, role, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    paragraphs = [
        f"is invited to attend {letter.event_name}, at {letter.venue}, from {letter.dates}. "
        "Their place at the event is confirmed.",
        letter.purpose,
        "Attendance is by invitation only. This letter does not commit the hosts to meet travel, accommodation "
        "or other costs.",
        f"To verify this letter, write to {letter.contact} quoting the reference above." if letter.contact else
        "The organisers can verify this letter by its reference.",
    ]
    for text in (p for p in paragraphs if p):
        pdf.multi_cell(width, 6, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.ln(6)
    pdf.cell(width, 6, "Yours faithfully,", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(14)
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(width, 6, letter.signer_name, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.cell(width, 6, letter.signer_title, new_x="LMARGIN", new_y="NEXT")

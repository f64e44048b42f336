"""Name badges as PDF (fpdf2): A4 sheets of 8 or 6 to cut, or one badge per page (4 x 3 in) for a badge printer.
Each badge: a colour band by organisation kind with its name in words, the person's name and organisation, the
check-in QR code (drawn as rectangles from segno's matrix, so it stays sharp) and the Chatham House Rule note."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..events.models import OrganisationKind
from ..pdf import FAMILY, new_document, to_bytes
from . import codes

if TYPE_CHECKING:
    from fpdf import FPDF

# band colour, text colour on it (both AA: 4.5:1 or more)
BANDS = {
    OrganisationKind.COMPANY: ((11, 79, 138), (255, 255, 255)),
    OrganisationKind.GOVERNMENT: ((19, 98, 47), (255, 255, 255)),
    OrganisationKind.LAW_ENFORCEMENT: ((43, 43, 43), (255, 255, 255)),
    OrganisationKind.NGO: ((255, 191, 71), (27, 31, 36)),
    OrganisationKind.OTHER: ((201, 209, 217), (27, 31, 36)),
}
FOOTNOTE = "Chatham House Rule applies"


@dataclass(frozen=True)
class Layout:
    """Page size (mm), badge size (mm) and the grid of badges on a page."""

    page: tuple[float, float]
    badge: tuple[float, float]
    columns: int
    rows: int

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def origin(self, slot: int) -> tuple[float, float]:
        left = (self.page[0] - self.columns * self.badge[0]) / 2
        top = (self.page[1] - self.rows * self.badge[1]) / 2
        return left + (slot % self.columns) * self.badge[0], top + (slot // self.columns) * self.badge[1]


LAYOUTS = {
    "a4-8": Layout((210, 297), (95, 70), 2, 4),
    "a4-6": Layout((210, 297), (95, 90), 2, 3),
    "printer": Layout((101.6, 76.2), (101.6, 76.2), 1, 1),  # 4 x 3 in, one per page
}
LAYOUT_LABELS = {"a4-8": "A4 sheets, 8 badges a page", "a4-6": "A4 sheets, 6 badges a page",
                 "printer": "Badge printer, one 4 × 3 in badge a page"}


@dataclass(frozen=True)
class Badge:
    name: str
    organisation: str
    kind: OrganisationKind
    url: str  # what the QR code opens: the check-in page for this person's code


def badges_pdf(badges: list[Badge], layout: str, title: str) -> bytes:
    """One document with every badge, in order."""
    shape = LAYOUTS[layout]
    pdf = new_document(page_format=shape.page, title=title, author="Summit")
    for n, badge in enumerate(badges):
        slot = n % shape.per_page
        if slot == 0:
            pdf.add_page()
        draw_badge(pdf, badge, *shape.origin(slot), *shape.badge)
    if not badges:
        pdf.add_page()
        pdf.set_xy(15, 20)
        pdf.cell(text="No badges to print.")
    return to_bytes(pdf)


def _fit(pdf: FPDF, text: str, width: float, size: float, style: str = "") -> None:
    """Set the font at `size`, or smaller until `text` fits `width` (never below 7 pt)."""
    pdf.set_font(FAMILY, style, size)
    while size > 7 and pdf.get_string_width(text) > width:
        size -= 0.5
        pdf.set_font(FAMILY, style, size)


def draw_badge(pdf: FPDF, badge: Badge, x: float, y: float, w: float, h: float) -> None:
    pad = 5
    pdf.set_draw_color(180, 180, 180)
    pdf.set_line_width(0.2)
    pdf.rect(x, y, w, h)  # the cutting line
    band, ink = BANDS[badge.kind]
    band_h = h * 0.17
    pdf.set_fill_color(*band)
    pdf.rect(x, y, w, band_h, style="F")
    pdf.set_text_color(*ink)
    pdf.set_font(FAMILY, "B", 11)
    pdf.set_xy(x + pad, y)
    pdf.cell(w - 2 * pad, band_h, badge.kind.label.upper(), align="L")

    qr_size = min(h * 0.42, w * 0.34)
    pdf.set_text_color(27, 31, 36)
    _fit(pdf, badge.name, w - 2 * pad, 20 if h > 75 else 17, "B")
    pdf.set_xy(x + pad, y + band_h + 4)
    pdf.cell(w - 2 * pad, 10, badge.name)
    _fit(pdf, badge.organisation, w - 2 * pad, 12)
    pdf.set_xy(x + pad, y + band_h + 15)
    pdf.cell(w - 2 * pad, 7, badge.organisation)

    draw_qr(pdf, codes.qr_matrix(badge.url), x + w - pad - qr_size, y + h - pad - qr_size, qr_size)
    pdf.set_font(FAMILY, "", 7.5)
    pdf.set_text_color(74, 85, 96)
    pdf.set_xy(x + pad, y + h - pad - 5)
    pdf.cell(w - 3 * pad - qr_size, 5, FOOTNOTE)


def draw_qr(pdf: FPDF, matrix: list[list[bool]], x: float, y: float, size: float) -> None:
    """The QR code as black rectangles, one per run of dark modules in a row, on a white square."""
    module = size / len(matrix)
    pdf.set_fill_color(255, 255, 255)
    pdf.rect(x, y, size, size, style="F")
    pdf.set_fill_color(0, 0, 0)
    for r, row in enumerate(matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                pdf.rect(x + start * module, y + r * module, (c - start) * module, module, style="F")
            else:
                c += 1

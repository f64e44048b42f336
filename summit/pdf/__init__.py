"""PDF documents (invitation letters, badges, the outcome statement), made with fpdf2.

fpdf2 is pure Python with no system libraries to install (WeasyPrint needs Pango and friends from the OS), writes small
files fast, embeds TrueType subsets, and with uharfbuzz shapes right-to-left scripts. The bundled DejaVu Sans covers
Latin with accents, Greek, Cyrillic and Arabic, so every delegate's name prints as they spell it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # fpdf2 (with fontTools and Pillow, some 40 MB) is imported by the first PDF, not by every worker
    from fpdf import FPDF

FONTS = Path(__file__).parent / "fonts"
FAMILY = "DejaVu"


def new_document(*, orientation: str = "portrait", page_format: str | tuple[float, float] = "A4",
                 title: str = "", author: str = "") -> FPDF:
    """An empty document in millimetres, with Summit's fonts registered, shaping on and automatic page breaks off."""
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format=page_format)
    pdf.add_font(FAMILY, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(FAMILY, "B", FONTS / "DejaVuSans-Bold.ttf")
    pdf.set_text_shaping(True)
    pdf.set_font(FAMILY, size=11)
    pdf.set_auto_page_break(False)
    if title:
        pdf.set_title(title)
    if author:
        pdf.set_author(author)
    pdf.set_creator("Summit")
    return pdf


def to_bytes(pdf: FPDF) -> bytes:
    """The finished document."""
    return bytes(pdf.output())

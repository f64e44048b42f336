"""The PDF foundation: names in any script come back out of the document as text."""

import io

from pypdf import PdfReader

from summit.pdf import new_document, to_bytes

NAMES = ["Zoë Ångström-Łukasiewicz", "Дмитрий Иванович Соколов", "Ελένη Παπαδοπούλου"]


def _text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_latin_cyrillic_and_greek_names_survive_the_round_trip():
    pdf = new_document(title="Names")
    pdf.add_page()
    for name in NAMES:
        pdf.cell(text=name, new_x="LMARGIN", new_y="NEXT")
    text = _text_of(to_bytes(pdf))
    for name in NAMES:
        assert name in text


def test_an_arabic_name_is_embedded_with_its_glyphs():
    pdf = new_document()
    pdf.add_page()
    pdf.cell(text="محمد علي")
    data = to_bytes(pdf)
    assert data.startswith(b"%PDF-")
    text = _text_of(data)
    # shaped Arabic comes back as its letters (presentation forms or base letters, depending on the reader)
    assert any("\u0600" <= ch <= "\u06ff" or "\ufe70" <= ch <= "\ufeff" for ch in text), text

"""Hostile and awkward uploads: the type comes from the content, bombs are refused part-read, size is capped before
anything is stored, and what is stored is served inert."""

from __future__ import annotations

import io
import os
import zlib

import pytest
from sqlalchemy import func, select

from summit.documents import filetypes
from summit.documents.filetypes import ZipLimits, detect, download_name
from summit.documents.models import Document, DocumentVersion
from summit.errors import RuleBroken
from tests.document_helpers import lying_docx_bomb, office_bytes, pdf_bytes, png_bytes

MB = 1024 * 1024
SVG = (b'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
       b'<script>alert(document.cookie)</script></svg>\n')
HTML = b"<!DOCTYPE html><html><body><script>fetch('/events').then(r => r.text())</script></body></html>\n"


def post_upload(client, slug: str, data: bytes, name: str):
    return client.post_form(f"/events/{slug}/documents", {
        "file": (io.BytesIO(data), name), "title": "Briefing", "session_id": "0", "audience": "accepted"},
        content_type="multipart/form-data")


def nothing_stored(app, dbs) -> bool:
    directory = app.config["DOCUMENTS_DIR"]
    files = os.listdir(directory) if os.path.exists(directory) else []
    return files == [] and dbs.scalar(select(func.count(Document.id))) == 0


# ---- through the upload form -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "name"), [(HTML, "briefing.pdf"), (SVG, "diagram.svg"), (SVG, "diagram.png")],
                         ids=["html-named-pdf", "svg-with-script", "svg-named-png"])
def test_markup_is_refused_whatever_its_name(app, dbs, organiser_client, agenda_event, data, name):
    response = post_upload(organiser_client, agenda_event.slug, data, name)
    assert response.status_code == 422
    assert "looks like a web page, SVG or other markup" in response.get_data(as_text=True)
    assert nothing_stored(app, dbs)


def test_a_zip_bomb_of_1_gb_declared_as_1_kb_is_refused_without_expanding_it(app, dbs, organiser_client,
                                                                            agenda_event, monkeypatch):
    bomb = lying_docx_bomb(expands_to=1024 ** 3, declared=1024)
    inflated = []
    real = zlib.decompressobj

    class Counting:
        def __init__(self, *args):
            self._inner = real(*args)

        def decompress(self, data, max_length=0):
            out = self._inner.decompress(data, max_length)
            inflated.append(len(out))
            return out

        def __getattr__(self, name):
            return getattr(self._inner, name)

    monkeypatch.setattr(zlib, "decompressobj", Counting)
    response = post_upload(organiser_client, agenda_event.slug, bomb, "briefing.docx")
    assert response.status_code == 422
    assert "zip bomb" in response.get_data(as_text=True)
    assert 0 < sum(inflated) <= 2 * MB  # read a chunk past the 1 KB it declared, not the gigabyte
    assert nothing_stored(app, dbs)


def test_a_file_of_26_mb_is_refused_before_it_is_read_with_a_clear_page(app, dbs, organiser_client, agenda_event):
    big = b"%PDF-1.4\n" + bytes(26 * MB)
    response = post_upload(organiser_client, agenda_event.slug, big, "big.pdf")
    assert response.status_code == 413
    html = response.get_data(as_text=True)
    assert "That file is too large" in html and "at most 25 MB" in html and "Nothing was saved" in html
    assert nothing_stored(app, dbs)


def test_a_file_just_over_the_limit_is_refused_by_the_form_with_its_size(app, dbs, organiser_client, agenda_event):
    app.config["DOCUMENT_MAX_BYTES"] = MB
    response = post_upload(organiser_client, agenda_event.slug, b"%PDF-1.4\n" + bytes(MB), "over.pdf")
    assert response.status_code == 422
    assert "documents may be at most 1 MB" in response.get_data(as_text=True)
    assert nothing_stored(app, dbs)


def test_other_forms_still_refuse_large_bodies(client):
    response = client.post("/login", data={"email": "x" * (6 * MB)})
    assert response.status_code == 413


def test_a_pdf_with_a_non_ascii_name_is_stored_and_served_as_an_inert_attachment(app, dbs, organiser_client,
                                                                               agenda_event, make_delegate):
    pdf = pdf_bytes("Gefährdung")
    response = post_upload(organiser_client, agenda_event.slug, pdf, "Lagebild Gefährdung – Ñandú.pdf")
    assert response.status_code == 303
    version = dbs.scalar(select(DocumentVersion))
    assert version.download_name == "Lagebild Gefährdung – Ñandú.pdf" and version.storage_name.isalnum()
    client = app.test_client()
    client.sign_in(make_delegate().person.email)
    served = client.get(f"/events/{agenda_event.slug}/papers/{version.document_id}/download")
    assert served.status_code == 200 and served.data == pdf
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''Lagebild%20Gef%C3%A4hrdung%20%E2%80%93%20%C3%91and%C3%BA.pdf" in disposition
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served.headers["Cache-Control"] == "private, no-store"


# ---- the detector on its own -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("data", "name", "kind"), [
    (pdf_bytes(), "paper.pdf", filetypes.PDF), (png_bytes(), "chart.png", filetypes.PNG),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(64), "photo.jpeg", filetypes.JPEG),
    ("Notes in plain text, accents é and Ω.\n".encode(), "notes.md", filetypes.TEXT),
    (office_bytes("docx"), "brief.docx", filetypes.DOCX), (office_bytes("pptx"), "deck", filetypes.PPTX),
    (office_bytes("xlsx"), "figures.xlsx", filetypes.XLSX)])
def test_allowed_kinds_are_told_by_their_content(data, name, kind):
    assert detect(data, name) is kind


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"plain words", "paper.pdf", "named .pdf but its content is plain text"),
    (pdf_bytes(), "deck.pptx", "named .pptx but its content is PDF"),
    (b"text\x00with a NUL", "a.txt", "not one of the kinds"),
    ("Latin-1 caf\xe9".encode("latin-1"), "a.txt", "not valid UTF-8"),
    (b"MZ\x90\x00" + bytes(200), "tool.pdf", "cannot be shared"),
    (b"PK\x03\x04" + bytes(100), "brief.docx", "damaged"),
    (office_bytes("docx", {"word/vbaProject.bin": b"macro"}), "brief.docx", "with macros"),
    (b"", "empty.txt", "empty"),
], ids=["text-named-pdf", "pdf-named-pptx", "nul", "latin-1", "exe", "broken-zip", "macros", "empty"])
def test_other_content_is_refused_with_a_reason(data, name, message):
    with pytest.raises(RuleBroken, match=message):
        detect(data, name)


def test_a_plain_zip_is_not_an_office_file():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(RuleBroken, match="Zip archives cannot be shared"):
        detect(buffer.getvalue(), "bundle.zip")


def test_an_honest_bomb_is_refused_on_its_declared_size_before_any_inflating(monkeypatch):
    monkeypatch.setattr(filetypes, "_inflate_capped", lambda *a: pytest.fail("inflated"))
    bomb = lying_docx_bomb(expands_to=300 * MB, declared=300 * MB)
    with pytest.raises(RuleBroken, match="zip bomb"):
        detect(bomb, "bomb.docx", ZipLimits(max_total=200 * MB, max_ratio=100))


def test_a_member_with_a_high_ratio_is_refused_even_within_the_total():
    bomb = lying_docx_bomb(expands_to=64 * MB, declared=64 * MB)  # about 64 KB of deflate: a ratio near 1000
    with pytest.raises(RuleBroken, match="zip bomb"):
        detect(bomb, "b.docx", ZipLimits(max_total=200 * MB, max_ratio=100))


def test_the_name_offered_keeps_the_last_part_and_takes_the_detected_extension():
    assert download_name("C:\\Users\\me\\Briefing.PDF", filetypes.PDF) == "Briefing.PDF"
    assert download_name("../../etc/notes", filetypes.TEXT) == "notes.txt"
    assert download_name("photo.jpeg", filetypes.JPEG) == "photo.jpeg"
    assert download_name("", filetypes.PDF) == "document.pdf"

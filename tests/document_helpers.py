"""Files for the document library's tests: real PDFs, Office containers, and hostile ones built by hand."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from summit.pdf import new_document, to_bytes

OFFICE_MAIN = {"docx": "word/document.xml", "pptx": "ppt/presentation.xml", "xlsx": "xl/workbook.xml"}


def pdf_bytes(text: str = "Pre-read") -> bytes:
    pdf = new_document(title=text)
    pdf.add_page()
    pdf.cell(text=text)
    return to_bytes(pdf)


def png_bytes() -> bytes:
    """A 1x1 PNG."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def office_bytes(kind: str = "docx", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal Office Open XML container of this kind (its type is told by the main part's name)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                                                'package/2006/content-types"/>')
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(OFFICE_MAIN[kind], "<document>Briefing</document>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def deflated_zeros(size: int, piece: int = 1024 * 1024) -> bytes:
    """A raw deflate stream of `size` zero bytes (about 1 KB per MB). A full flush resets the compressor's
    history, so every piece compresses to the same bytes: one piece is compressed, then repeated."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(piece)) + compressor.flush(zlib.Z_FULL_FLUSH)
    return block * (size // piece) + compressor.flush(zlib.Z_FINISH)


def lying_docx_bomb(expands_to: int = 1024 ** 3, declared: int = 1024) -> bytes:
    """A docx whose last member inflates to `expands_to` bytes while its headers declare `declared`: the zip bomb
    "1 GB declared as 1 KB". Written by hand, since zipfile writes honest headers."""
    honest = office_bytes("docx")
    raw = deflated_zeros(expands_to)
    name = b"word/media/image1.bin"
    archive = zipfile.ZipFile(io.BytesIO(honest))
    members = [(info, honest[info.header_offset:info.header_offset + 30 + len(info.filename.encode())
                              + len(info.extra) + info.compress_size]) for info in archive.infolist()]
    body, central = bytearray(), bytearray()
    for info, local in members:
        central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, info.compress_type, 0, 0, info.CRC,
                               info.compress_size, info.file_size, len(info.filename.encode()), 0, 0, 0, 0, 0,
                               len(body)) + info.filename.encode()
        # the local header as written (no extra field in what zipfile wrote for these small members)
        body += local
    fake_crc = zlib.crc32(bytes(declared))  # the CRC of what the headers claim: only the first 1 KB of zeros
    local = struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0, fake_crc, len(raw), declared, len(name), 0)
    central += struct.pack("<4s6H3I5H2I", b"PK\x01\x02", 20, 20, 0, 8, 0, 0, fake_crc, len(raw), declared,
                           len(name), 0, 0, 0, 0, 0, len(body)) + name
    body += local + name + raw
    end = struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members) + 1, len(members) + 1, len(central), len(body), 0)
    return bytes(body + central + end)

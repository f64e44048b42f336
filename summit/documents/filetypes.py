"""What an uploaded file is, read from its content (never its name): pure, no app or database.

Allowed: PDF, Word / PowerPoint / Excel (the Office Open XML formats), PNG, JPEG and plain UTF-8 text. Office files
are zip containers: the zip's member names tell them apart, and the zip is checked against bombs by reading it with a
cap (declared sizes can lie) without ever writing a member anywhere. Macro-enabled Office files, legacy binary Office
formats, SVG, HTML and anything else are refused.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePath

from ..errors import RuleBroken

CHUNK = 64 * 1024


@dataclass(frozen=True)
class Kind:
    name: str  # shown to people
    content_type: str
    extension: str


PDF = Kind("PDF", "application/pdf", ".pdf")
PNG = Kind("PNG image", "image/png", ".png")
JPEG = Kind("JPEG image", "image/jpeg", ".jpg")
TEXT = Kind("plain text", "text/plain; charset=utf-8", ".txt")
DOCX = Kind("Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
PPTX = Kind("PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            ".pptx")
XLSX = Kind("Excel workbook", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
KINDS = (PDF, PNG, JPEG, TEXT, DOCX, PPTX, XLSX)
BY_MIME = {"application/pdf": PDF, "image/png": PNG, "image/jpeg": JPEG}
OFFICE_PARTS = {"word/document.xml": DOCX, "ppt/presentation.xml": PPTX, "xl/workbook.xml": XLSX}
# Extensions a person would recognise: a name that claims one of these must agree with the content.
CLAIMS = {".pdf": PDF, ".png": PNG, ".jpg": JPEG, ".jpeg": JPEG, ".txt": TEXT, ".docx": DOCX, ".pptx": PPTX,
          ".xlsx": XLSX, ".doc": None, ".ppt": None, ".xls": None, ".svg": None, ".html": None, ".htm": None}
ALLOWED = "PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx), PNG, JPEG or plain text"


@dataclass(frozen=True)
class ZipLimits:
    max_total: int = 200 * 1024 * 1024  # uncompressed bytes in all members together
    max_ratio: int = 100  # uncompressed / compressed, per member and overall
    max_members: int = 5000


def detect(data: bytes, name: str = "", limits: ZipLimits = ZipLimits()) -> Kind:
    """The kind of this content, or RuleBroken saying why it cannot be shared (the name only has to agree)."""
    if not data:
        raise RuleBroken("The file is empty.", field="file")
    import filetype  # imported by the first upload, not by every worker

    guessed = filetype.guess(data[:8192])
    if guessed is None:
        kind = _text(data)
    elif guessed.mime in BY_MIME:
        kind = BY_MIME[guessed.mime]
    elif guessed.extension in ("zip", "docx", "pptx", "xlsx"):
        kind = _office(data, limits)
    else:
        raise RuleBroken(f"Files of this kind ({guessed.extension}) cannot be shared here: upload {ALLOWED}.",
                         field="file")
    claimed = PurePath(name).suffix.lower()
    if claimed in CLAIMS and CLAIMS[claimed] is not kind:
        raise RuleBroken(f"The file is named {claimed} but its content is {kind.name}: check that you chose the "
                         "right file, or rename it.", field="file")
    return kind


def _text(data: bytes) -> Kind:
    if b"\x00" in data:
        raise RuleBroken(f"This file is not one of the kinds that can be shared: upload {ALLOWED}.", field="file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleBroken("This file is not valid UTF-8 text, nor any other kind that can be shared: upload "
                         f"{ALLOWED}.", field="file") from None
    # Browsers sniff markup at the start; a paper in plain text does not begin with a tag, nor carry script or SVG.
    lowered = text.lower()
    if lowered.lstrip().startswith("<") or any(tag in lowered for tag in ("<script", "<svg", "<html", "<iframe")):
        raise RuleBroken("This file looks like a web page, SVG or other markup, which could run code in a browser: "
                         "save it as PDF and upload that.", field="file")
    return TEXT


def _office(data: bytes, limits: ZipLimits) -> Kind:
    """A docx, pptx or xlsx by its member names, after checking the zip cannot blow up whoever opens it."""
    damaged = RuleBroken("This Office file is damaged or is not a Word, PowerPoint or Excel file.", field="file")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise damaged from None
    names = {info.filename for info in members}
    found = [kind for part, kind in OFFICE_PARTS.items() if part in names]
    if "[Content_Types].xml" not in names or len(found) != 1:
        raise RuleBroken(f"Zip archives cannot be shared: upload {ALLOWED}.", field="file")
    if any(name.lower().endswith("vbaproject.bin") for name in names):
        raise RuleBroken("Office files with macros cannot be shared: save it as .docx, .pptx or .xlsx without macros.",
                         field="file")
    if len(members) > limits.max_members:
        raise _bomb()
    declared = sum(info.file_size for info in members)
    if declared > limits.max_total or declared > limits.max_ratio * max(len(data), 1):
        raise _bomb()
    _inflate_capped(data, members, limits, damaged)
    return found[0]


def _inflate_capped(data: bytes, members: list[zipfile.ZipInfo], limits: ZipLimits, damaged: RuleBroken) -> None:
    """Inflate every member's own compressed bytes in chunks, trusting none of the sizes the zip declares: output
    beyond the member's declared size, the ratio limit or the archive's budget stops it there (a bomb is never
    expanded whole), and a member must end exactly where it says, with the size and CRC it declares."""
    budget = min(limits.max_total, limits.max_ratio * len(data))
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise RuleBroken("Password-protected Office files cannot be shared.", field="file")
        raw = _raw_member(data, info, damaged)
        cap = min(info.file_size, limits.max_ratio * max(len(raw), 1) + CHUNK, budget - total)
        if info.compress_type == zipfile.ZIP_STORED:
            out, crc, ended = len(raw), zlib.crc32(raw), True
            if out > cap:
                raise _bomb()
        elif info.compress_type == zipfile.ZIP_DEFLATED:
            out, crc, ended = _inflate(raw, cap)
        else:
            raise damaged
        total += out
        if not ended or out != info.file_size or crc != info.CRC:
            raise damaged


def _raw_member(data: bytes, info: zipfile.ZipInfo, damaged: RuleBroken) -> bytes:
    """The member's compressed bytes, found through its local header."""
    at = info.header_offset
    header = data[at:at + 30]
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        raise damaged
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    start = at + 30 + name_length + extra_length
    raw = data[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise damaged
    return raw


def _inflate(raw: bytes, cap: int) -> tuple[int, int, bool]:
    """(bytes out, their CRC-32, whether the stream ended) for a raw deflate stream, refusing past `cap` bytes."""
    inflater = zlib.decompressobj(-15)
    out = crc = 0
    pending = raw
    try:
        while pending and not inflater.eof:
            chunk = inflater.decompress(pending, CHUNK)
            pending = inflater.unconsumed_tail
            out += len(chunk)
            if out > cap:
                raise _bomb()
            crc = zlib.crc32(chunk, crc)
            if not chunk and not pending:
                break
    except zlib.error:
        return out, crc, False
    return out, crc, inflater.eof


def _bomb() -> RuleBroken:
    return RuleBroken("This Office file expands to far more than it seems (a zip bomb): it cannot be shared.",
                      field="file")


def download_name(original: str, kind: Kind) -> str:
    """The name to offer: the uploaded name's last part, with the detected kind's extension."""
    base = PurePath(original.replace("\\", "/")).name.strip() or "document"
    stem, suffix = (base[: -len(PurePath(base).suffix)], PurePath(base).suffix.lower()) if PurePath(base).suffix \
        else (base, "")
    if suffix == kind.extension or (kind is JPEG and suffix == ".jpeg"):
        return base[:255]
    return (stem or "document")[: 255 - len(kind.extension)] + kind.extension

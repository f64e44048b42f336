"""Our one message shape written out by hand: the bytes `build(envelope).as_bytes()` gives (From line aside), equal
but for the random multipart boundaries, at a fraction of the email package's cost (issue 12). The plain cases are
written directly; a header that needs encoding or folding (a non-ASCII name, a long subject) is folded by the email
package itself, so the two never drift apart. tests/test_mail_writer.py holds them to that."""

from __future__ import annotations

import binascii
import random
import re
import sys
from collections.abc import Iterable
from email import quoprimime
from email.policy import SMTP
from email.utils import format_datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .message import Envelope

CRLF = b"\r\n"
MAX_LINE = SMTP.max_line_length  # 78: where the email package folds headers and starts encoding bodies
PLAIN_ADDRESS = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+")
PLAIN_MESSAGE_ID = re.compile(r"<[A-Za-z0-9._+-]+@[A-Za-z0-9.-]+>")
TOKEN_WIDTH = len(repr(sys.maxsize - 1))  # as email.generator makes its boundaries


def header(name: str, value: Any, plain: str | None = None) -> bytes:
    """One header line as the email package folds it: written directly when it is short, ASCII and holds nothing the
    parser would read as an encoded word; otherwise folded by the package."""
    if plain:  # (an empty value is written without its space)
        line = f"{name}: {plain}"
        if len(line) <= MAX_LINE and line.isascii() and "=?" not in line:
            return line.encode("ascii") + CRLF
    return SMTP.fold_binary(name, SMTP.header_store_parse(name, value)[1])


def to_header(name: str, email: str) -> bytes:
    from .message import address

    value = address(name, email)
    return header("To", value, str(value) if PLAIN_ADDRESS.fullmatch(email.strip()) else None)


def text_body(text: str) -> tuple[str, bytes]:
    """(transfer encoding, body with CRLF line ends) as email.contentmanager chooses them for a str under SMTP."""
    lines = text.encode("utf-8").splitlines()
    if max((len(line) for line in lines), default=0) <= MAX_LINE:
        body = CRLF.join(lines) + CRLF
        return ("7bit" if body.isascii() else "8bit"), body
    sniff = CRLF.join(lines[:10]) + CRLF
    sniff_qp = quoprimime.body_encode(sniff.decode("latin-1"), MAX_LINE)
    if len(sniff_qp) > len(binascii.b2a_base64(sniff)):
        return "base64", base64_body(CRLF.join(lines) + CRLF)
    encoded = sniff_qp if len(lines) <= 10 else quoprimime.body_encode(
        (b"\n".join(lines) + b"\n").decode("latin-1"), MAX_LINE)
    return "quoted-printable", crlf(encoded.encode("ascii"))


def base64_body(data: bytes) -> bytes:
    """Base64 in lines of 76 characters, as email.contentmanager writes it."""
    step = MAX_LINE // 4 * 3
    return b"".join(binascii.b2a_base64(data[i:i + step]) for i in range(0, len(data), step)).replace(b"\n", CRLF)


def crlf(data: bytes) -> bytes:
    return re.sub(rb"\r\n|\r|\n", CRLF, data)


def text_part(subtype: str, text: str, mime_version: bool) -> bytes:
    cte, body = text_body(text)
    version = b"MIME-Version: 1.0\r\n" if mime_version else b""
    return (b'Content-Type: text/%s; charset="utf-8"\r\nContent-Transfer-Encoding: %s\r\n%s\r\n'
            % (subtype.encode(), cte.encode(), version)) + body


def calendar_parts(calendar: str, method: str) -> tuple[bytes, bytes]:
    """The iTIP alternative (text/calendar; method=...) and the invite.ics attachment, both base64."""
    data = base64_body(calendar.encode("utf-8"))
    alternative = (b"Content-Transfer-Encoding: base64\r\n"
                   + header("Content-Type", f'text/calendar; method="{method}"; charset="utf-8"',
                            f'text/calendar; method="{method}"; charset="utf-8"')
                   + b"MIME-Version: 1.0\r\n\r\n" + data)
    attachment = (b"Content-Type: application/ics\r\nContent-Transfer-Encoding: base64\r\n"
                  b'Content-Disposition: attachment; filename="invite.ics"\r\nMIME-Version: 1.0\r\n\r\n' + data)
    return alternative, attachment


def boundary(taken: Iterable[bytes]) -> bytes:
    """A boundary like email.generator's that occurs in none of the parts."""
    while True:
        candidate = b"=" * 15 + b"%0*d" % (TOKEN_WIDTH, random.randrange(sys.maxsize)) + b"=="  # noqa: S311
        if not any(b"--" + candidate in part for part in taken):
            return candidate


def multipart(parts: list[bytes], mark: bytes) -> bytes:
    """The parts between boundaries, as the email generator joins them."""
    return (b"--" + mark + CRLF + (CRLF + b"--" + mark + CRLF).join(parts) + CRLF + b"--" + mark + b"--" + CRLF)


def flatten(envelope: Envelope) -> bytes:
    """The message's wire bytes after its From line (which the worker adds for its sender)."""
    from .message import one_line

    head = (to_header(envelope.to_name, envelope.to_address)
            + header("Subject", one_line(envelope.subject), one_line(envelope.subject))
            + b"Date: " + format_datetime(envelope.date).encode("ascii") + CRLF
            + header("Message-ID", envelope.message_id,
                     envelope.message_id if PLAIN_MESSAGE_ID.fullmatch(envelope.message_id) else None)
            + b"Auto-Submitted: auto-generated\r\nMIME-Version: 1.0\r\n")
    alternatives = [text_part("plain", envelope.text, False), text_part("html", envelope.html, True)]
    if not envelope.calendar:
        inner = boundary(alternatives)
        return (head + b'Content-Type: multipart/alternative;\r\n boundary="' + inner + b'"\r\n\r\n'
                + multipart(alternatives, inner))
    method = envelope.calendar_method or "PUBLISH"
    if not re.fullmatch(r"[A-Z-]{1,20}", method):
        raise ValueError(f"not an iTIP method: {method!r}")
    itip, attachment = calendar_parts(envelope.calendar, method)
    alternatives.append(itip)
    inner = boundary(alternatives)
    alternative = (b'Content-Type: multipart/alternative;\r\n boundary="' + inner + b'"\r\n\r\n'
                   + multipart(alternatives, inner))
    outer = boundary([alternative, attachment])
    return (head + b'Content-Type: multipart/mixed; boundary="' + outer + b'"\r\n\r\n'
            + multipart([alternative, attachment], outer))

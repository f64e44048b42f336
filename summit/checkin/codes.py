"""Check-in codes: 8 characters from an alphabet without look-alikes, derived from SECRET_KEY and the invitation id,
shown as a QR code (segno) that opens the check-in page, and as text (ABCD-EFGH) for when a phone is dead."""

from __future__ import annotations

import hashlib
import hmac
import re

from flask import current_app
from markupsafe import Markup, escape

ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # 32 symbols: no 0/O, 1/I/L look-alikes -> 5 bits each
LENGTH = 8  # 40 bits: guessing is hopeless at the door, and misses are throttled like every capability
SHAPE = re.compile(rf"^[{ALPHABET}]{{{LENGTH}}}$")
SEPARATORS = str.maketrans({"-": None, " ": None})


def _key(purpose: str) -> bytes:
    return hmac.new(current_app.config["SECRET_KEY"].encode(), purpose.encode(), hashlib.sha256).digest()


def code_for(invitation_id: int) -> str:
    """The invitation's code (unformatted): the same every time for this SECRET_KEY, so nothing in clear is stored."""
    digest = hmac.new(_key("check-in-code"), str(invitation_id).encode(), hashlib.sha256).digest()
    number = int.from_bytes(digest[:5], "big")
    return "".join(ALPHABET[(number >> shift) & 31] for shift in range(35, -1, -5))


def hash_code(code: str) -> str:
    """The keyed hash kept for lookup: a database dump alone cannot be turned back into codes."""
    return hmac.new(_key("check-in-lookup"), code.encode("ascii"), hashlib.sha256).hexdigest()


def normalise(typed: str) -> str | None:
    """What someone typed or scanned -> the code, or None when it cannot be one (lower case, spaces and dashes are
    forgiven; 0, 1, I and O are never in a code, so they cannot be mistaken for one another)."""
    code = typed.strip().upper().translate(SEPARATORS)
    return code if SHAPE.match(code) else None


def grouped(code: str) -> str:
    """ABCDEFGH -> ABCD-EFGH: easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


# What an email holds of a code, for the outbox to remove once the message has gone (no live code at rest).
IN_MAIL = (re.compile(r'<svg role="img" aria-label="QR code for checking in[^"]*"[^>]*>.*?</svg>', re.S),
           re.compile(rf"(?<=Check-in code:)((?:\s|<[^>]+>)*)[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}"),
           re.compile(rf"(?<=/check-in/c/)()[{ALPHABET}]{{{LENGTH}}}"))


def redact(text: str, marker: str) -> str:
    """`text` without check-in codes: QR codes go, text codes and scan links become `marker`."""
    # each pattern only where its literal start is (the outbox runs this on every message it sends)
    if '<svg role="img" aria-label="QR code for checking in' in text:
        text = IN_MAIL[0].sub("", text)
    if "Check-in code:" in text:
        text = IN_MAIL[1].sub(lambda m: m.group(1) + marker, text)
    return IN_MAIL[2].sub(marker, text) if "/check-in/c/" in text else text


def qr_svg(url: str, label: str, scale: int = 4) -> Markup:
    """An inline SVG QR code of `url`, announced as an image with `label` as its text alternative."""
    import segno  # imported by the first QR code, not by every worker

    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=scale, title=label, svgclass="qr-code", lineclass=None, dark="#000", light="#fff")
    # segno's SVG escapes the title; the label is escaped here: the markup holds no unescaped input
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))  # noqa: S704


def qr_matrix(url: str) -> list[list[bool]]:
    """The QR code's modules, row by row (True: dark), with the quiet zone, for drawing on a badge."""
    import segno

    qr = segno.make(url, error="m")
    return [[bool(cell) for cell in row] for row in qr.matrix_iter(scale=1, border=4)]

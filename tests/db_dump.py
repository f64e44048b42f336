"""Every value in every table, as text: what someone reading the database (or a backup of it) could see."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from summit.db import Base

TOKEN_LIKE = re.compile(r"(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])")


def dump(session: Session) -> str:
    """One line per row, every column of every mapped table, including the audit log and the outbox."""
    session.expire_all()
    lines = []
    for table in Base.metadata.sorted_tables:
        for row in session.execute(select(table)):
            lines.append(f"{table.name}: " + " | ".join(readable(value) for value in row))
    return "\n".join(lines)


def readable(value: object) -> str:
    """A value as text; bytes (a prepared email) also with every MIME part decoded, so that a token in a base64 or
    quoted-printable part is seen too."""
    if not isinstance(value, bytes):
        return str(value)
    from email import message_from_bytes

    parts = [part.get_payload(decode=True) or b"" for part in message_from_bytes(value).walk()
             if not part.is_multipart()]
    return " ".join([value.decode("utf-8", "replace"), *(part.decode("utf-8", "replace") for part in parts)])

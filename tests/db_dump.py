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
            lines.append(f"{table.name}: " + " | ".join(str(value) for value in row))
    return "\n".join(lines)

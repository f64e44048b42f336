"""Development: the emails written to the mail folder (MAIL_URL file://...), read back with their links."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesParser
from pathlib import Path
from urllib.parse import urlsplit

LINK = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class WrittenEmail:
    subject: str
    to: str
    links: list[str]


def links_in(text: str) -> list[str]:
    return list(dict.fromkeys(LINK.findall(text or "")))


def written_emails(mail_url: str, limit: int = 100) -> list[WrittenEmail]:
    """The newest `limit` .eml files in the mail folder, newest first; [] when mail does not go to a folder."""
    parts = urlsplit(mail_url)
    if parts.scheme != "file":
        return []
    folder = Path(parts.path)
    if not folder.is_dir():
        return []
    files = sorted(folder.glob("*.eml"), key=lambda p: p.stat().st_mtime, reverse=True)[:limit]
    found = []
    for path in files:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        body = message.get_body(("plain",))
        found.append(WrittenEmail(str(message["Subject"]), str(message["To"]),
                                  links_in(body.get_content() if body else "")))
    return found

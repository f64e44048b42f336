"""Build an RFC 5322 message from plain values: text + HTML (+ an iTIP calendar part). Pure: no app, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr


@dataclass(frozen=True)
class Envelope:
    message_id: str
    sender: str
    to_name: str
    to_address: str
    subject: str
    text: str
    html: str
    date: datetime
    calendar: str | None = None
    calendar_method: str | None = None


def one_line(value: str) -> str:
    """Collapse every line break and control character: a name can never start a new header."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in value).split())


def address(name: str, email: str) -> Address:
    local, _, domain = email.strip().rpartition("@")
    return Address(display_name=one_line(name), username=local, domain=domain)


def build(envelope: Envelope) -> EmailMessage:
    """The message as it goes on the wire."""
    message = EmailMessage(policy=SMTP)
    sender_name, sender_email = parseaddr(envelope.sender)
    message["From"] = address(sender_name, sender_email)
    message["To"] = address(envelope.to_name, envelope.to_address)
    message["Subject"] = one_line(envelope.subject)
    message["Date"] = format_datetime(envelope.date)
    message["Message-ID"] = envelope.message_id
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(envelope.text)
    message.add_alternative(envelope.html, subtype="html")
    if envelope.calendar:
        method = envelope.calendar_method or "PUBLISH"
        message.add_alternative(
            envelope.calendar.encode("utf-8"), maintype="text", subtype="calendar",
            params={"method": method, "charset": "utf-8"}, cte="base64",
        )
        message.add_attachment(
            envelope.calendar.encode("utf-8"), maintype="application", subtype="ics",
            filename="invite.ics", cte="base64",
        )
    return message

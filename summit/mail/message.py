"""Build an RFC 5322 message from plain values: text + HTML (+ an iTIP calendar part). Pure: no app, no database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, parseaddr
from functools import lru_cache

from . import writer


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


def prepare(envelope: Envelope) -> bytes | None:
    """The message as it goes on the wire, made once when it is queued, but for its first header: From, which
    `wire` adds at send time (the sender is the worker's setting). None when an address needs SMTPUTF8: such a
    message is built at send time instead."""
    if not (envelope.to_address + parseaddr(envelope.sender)[1]).isascii():
        return None
    return writer.flatten(envelope)  # what build(envelope).as_bytes() gives after its From line, made by hand


def wire(sender: str, prepared: bytes) -> bytes:
    """A prepared message's bytes, exactly as `build(...).as_bytes()` would give them for this sender."""
    return from_header(sender) + prepared


@lru_cache(maxsize=16)
def from_header(sender: str) -> bytes:
    """The From header line(s) `build` writes for this sender, as bytes."""
    message = EmailMessage(policy=SMTP)
    name, email = parseaddr(sender)
    message["From"] = address(name, email)
    return message.as_bytes().split(b"\r\n\r\n", 1)[0] + b"\r\n"

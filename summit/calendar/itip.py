"""Read iTIP replies (RFC 5546) from an email or a bare .ics. Pure: bytes in, plain values out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default


class NotAReply(ValueError):
    """The input is not an iTIP REPLY Summit can use; the message says why."""


@dataclass(frozen=True)
class ReplyData:
    uid: str
    attendee_email: str
    partstat: str
    sequence: int
    comment: str
    stamp: datetime | None = None  # DTSTAMP: orders replies to the same version
    sender: str | None = None  # the From address, lower-case; None for a bare .ics
    authentication_failures: list[str] = field(default_factory=list)  # e.g. ["dmarc=fail"]


CALENDAR_TYPES = ("text/calendar", "application/ics")
RESULT = re.compile(r"^\s*(dkim|dmarc)\s*=\s*([a-z]+)", re.IGNORECASE)
COMMENT = re.compile(r"\([^()]*\)")


def _calendar_part(message: EmailMessage) -> bytes:
    for part in message.walk():
        filename = (part.get_filename() or "").lower()
        if part.get_content_type() in CALENDAR_TYPES or filename.endswith(".ics"):
            payload = part.get_payload(decode=True)
            if payload:
                return payload
    raise NotAReply("No calendar (text/calendar or .ics) was found in the message.")


def _sender(message: EmailMessage) -> str | None:
    header = message["From"]
    addresses = [a.addr_spec for a in getattr(header, "addresses", ()) if a.addr_spec] if header else []
    if len(addresses) > 1:
        raise NotAReply(f"The message must have one sender in From, not {len(addresses)}.")
    return addresses[0].strip().lower() if addresses else None


def authentication_failures(headers: list[str]) -> list[str]:
    """DMARC and DKIM failures reported in Authentication-Results headers (RFC 8601). A DKIM failure counts only
    when no DKIM signature in the same header passed: messages often carry a stale extra signature."""
    failures: list[str] = []
    for header in headers:
        text = header
        while COMMENT.search(text):
            text = COMMENT.sub(" ", text)
        results = {(m[1].lower(), m[2].lower()) for part in text.split(";")[1:] if (m := RESULT.match(part))}
        if ("dmarc", "fail") in results:
            failures.append("dmarc=fail")
        if ("dkim", "fail") in results and ("dkim", "pass") not in results:
            failures.append("dkim=fail")
    return sorted(set(failures), key=failures.index)


def _stamp(value: object) -> datetime | None:
    moment = getattr(value, "dt", None)
    if not isinstance(moment, datetime):
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def parse_reply(data: bytes) -> ReplyData:
    sender, failures = None, []
    if data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        calendar_data = data
    else:
        message = message_from_bytes(data, policy=default)
        calendar_data, sender = _calendar_part(message), _sender(message)
        failures = authentication_failures([str(h) for h in message.get_all("Authentication-Results") or []])
    from icalendar import Calendar  # imported by the first reply read, not by every worker

    try:
        calendar = Calendar.from_ical(calendar_data)
    except ValueError as exc:
        raise NotAReply(f"The calendar could not be read: {exc}") from None
    method = str(calendar.get("method", "")).upper()
    if method != "REPLY":
        raise NotAReply(f"Only METHOD:REPLY is understood here, not {method or 'none'}.")
    events = calendar.walk("VEVENT")
    if len(events) != 1:
        raise NotAReply(f"A reply must hold exactly one VEVENT, not {len(events)}.")
    event = events[0]
    attendees = event.get("attendee")
    if attendees is None:
        raise NotAReply("The reply names no ATTENDEE.")
    if isinstance(attendees, list):
        if len(attendees) != 1:
            raise NotAReply("The reply must name exactly one ATTENDEE.")
        attendees = attendees[0]
    address = str(attendees)
    if not address.lower().startswith("mailto:"):
        raise NotAReply(f"The attendee {address} is not a mailto: address.")
    comment = str(event.get("comment", "") or attendees.params.get("X-RESPONSE-COMMENT", ""))
    return ReplyData(
        uid=str(event.get("uid", "")),
        attendee_email=address[len("mailto:"):].strip().lower(),
        partstat=str(attendees.params.get("PARTSTAT", "")).upper(),
        sequence=int(event.get("sequence", 0)),
        comment=comment.strip(),
        stamp=_stamp(event.get("dtstamp")),
        sender=sender,
        authentication_failures=failures,
    )

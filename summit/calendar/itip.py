"""Read iTIP replies (RFC 5546) from an email or a bare .ics. Pure: bytes in, plain values out."""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_bytes
from email.policy import default

from icalendar import Calendar


class NotAReply(ValueError):
    """The input is not an iTIP REPLY Summit can use; the message says why."""


@dataclass(frozen=True)
class ReplyData:
    uid: str
    attendee_email: str
    partstat: str
    sequence: int
    comment: str


def calendar_bytes(data: bytes) -> bytes:
    """The text/calendar part of an email, or the input itself when it is already iCalendar."""
    if data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        return data
    message = message_from_bytes(data, policy=default)
    for part in message.walk():
        if part.get_content_type() in ("text/calendar", "application/ics"):
            payload = part.get_payload(decode=True)
            if payload:
                return payload
    raise NotAReply("No calendar (text/calendar or .ics) was found in the message.")


def parse_reply(data: bytes) -> ReplyData:
    try:
        calendar = Calendar.from_ical(calendar_bytes(data))
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
    )

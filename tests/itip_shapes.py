"""Calendar replies as the three big clients send them, and as a forger would, for the reply tests.

Each builder returns the raw bytes of an email: the shapes follow real Outlook (Exchange), Gmail and Apple Mail
replies (MIME layout, property spelling and case, where the comment goes), not what Summit itself would write."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

STAMP = datetime.fromisoformat("2030-01-02T10:00:00+00:00")


def _stamp(when: datetime) -> str:
    return when.strftime("%Y%m%dT%H%M%SZ")


def _lines(*lines: str) -> bytes:
    return ("\r\n".join(line for line in lines if line is not None) + "\r\n").encode("utf-8")


def outlook_calendar(uid: str, attendee: str, partstat: str, sequence: int, stamp: datetime, comment: str) -> bytes:
    """Exchange: no ORGANIZER, MAILTO in capitals, a Windows TZID with its VTIMEZONE, the note as COMMENT."""
    return _lines(
        "BEGIN:VCALENDAR", "METHOD:REPLY", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0",
        "BEGIN:VTIMEZONE", "TZID:Pacific Standard Time",
        "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0700", "TZOFFSETTO:-0800",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11", "END:STANDARD",
        "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:-0800", "TZOFFSETTO:-0700",
        "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f"ATTENDEE;PARTSTAT={partstat};CN=Grace Holloway:MAILTO:{attendee}",
        f"COMMENT;LANGUAGE=en-GB:{comment}" if comment else None,
        "SUMMARY;LANGUAGE=en-GB:Accepted: Test Summit",
        "DTSTART;TZID=Pacific Standard Time:20301201T090000", "DTEND;TZID=Pacific Standard Time:20301202T170000",
        f"UID:{uid}", "CLASS:PUBLIC", "PRIORITY:5", f"DTSTAMP:{_stamp(stamp)}", "TRANSP:OPAQUE", "STATUS:CONFIRMED",
        f"SEQUENCE:{sequence}", "LOCATION;LANGUAGE=en-GB:Building 33\\, Redmond\\, WA",
        f"X-MICROSOFT-CDO-APPT-SEQUENCE:{sequence}", "X-MICROSOFT-CDO-OWNERAPPTID:-1",
        "X-MICROSOFT-CDO-BUSYSTATUS:BUSY", "X-MICROSOFT-CDO-INTENDEDSTATUS:BUSY", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE",
        "X-MICROSOFT-CDO-IMPORTANCE:1", "X-MICROSOFT-CDO-INSTTYPE:0", "X-MICROSOFT-DONOTFORWARDMEETING:FALSE",
        "X-MICROSOFT-DISALLOW-COUNTER:FALSE", "END:VEVENT", "END:VCALENDAR")


def google_calendar(uid: str, attendee: str, partstat: str, sequence: int, stamp: datetime, comment: str) -> bytes:
    """Google Calendar: UTC times, the ORGANIZER echoed, the note as an X-RESPONSE-COMMENT parameter."""
    note = f';X-RESPONSE-COMMENT="{comment}"' if comment else ""
    return _lines(
        "BEGIN:VCALENDAR", "PRODID:-//Google Inc//Google Calendar 70.9054//EN", "VERSION:2.0", "CALSCALE:GREGORIAN",
        "METHOD:REPLY", "BEGIN:VEVENT", "DTSTART:20301201T170000Z", "DTEND:20301203T010000Z",
        f"DTSTAMP:{_stamp(stamp)}", "ORGANIZER;CN=Test Summit organisers:mailto:organiser@example.org",
        f"UID:{uid}",
        f"ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT={partstat};CN=Grace Holloway;X-NUM-GUESTS=0"
        f"{note}:mailto:{attendee}",
        "CREATED:20300101T090000Z", "LAST-MODIFIED:20300102T095959Z", "LOCATION:Building 33\\, Redmond\\, WA",
        f"SEQUENCE:{sequence}", "STATUS:CONFIRMED", "SUMMARY:Test Summit", "TRANSP:OPAQUE",
        "END:VEVENT", "END:VCALENDAR")


def apple_calendar(uid: str, attendee: str, partstat: str, sequence: int, stamp: datetime, comment: str) -> bytes:
    """Apple Calendar: quoted CN, an EMAIL parameter, the IANA zone, no comment."""
    return _lines(
        "BEGIN:VCALENDAR", "CALSCALE:GREGORIAN", "VERSION:2.0", "METHOD:REPLY",
        "PRODID:-//Apple Inc.//macOS 14.4//EN",
        "BEGIN:VTIMEZONE", "TZID:America/Los_Angeles",
        "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0800", "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "DTSTART:20070311T020000",
        "TZNAME:PDT", "TZOFFSETTO:-0700", "END:DAYLIGHT",
        "BEGIN:STANDARD", "TZOFFSETFROM:-0700", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "DTSTART:20071104T020000",
        "TZNAME:PST", "TZOFFSETTO:-0800", "END:STANDARD", "END:VTIMEZONE",
        "BEGIN:VEVENT",
        f'ATTENDEE;CN="Grace Holloway";CUTYPE=INDIVIDUAL;EMAIL="{attendee}";PARTSTAT={partstat};'
        f"ROLE=REQ-PARTICIPANT:mailto:{attendee}",
        "DTEND;TZID=America/Los_Angeles:20301202T170000", "TRANSP:OPAQUE",
        'ORGANIZER;CN="Test Summit organisers":mailto:organiser@example.org',
        f"UID:{uid}", f"DTSTAMP:{_stamp(stamp)}", "LOCATION:Building 33\\, Redmond\\, WA",
        "SUMMARY:Test Summit", "DTSTART;TZID=America/Los_Angeles:20301201T090000", f"SEQUENCE:{sequence}",
        "END:VEVENT", "END:VCALENDAR")


def _headers(message: EmailMessage, sender: str | None, subject: str, stamp: datetime,
             authentication_results: str | None) -> None:
    if authentication_results:
        message["Authentication-Results"] = authentication_results
    if sender:
        message["From"] = sender
    message["To"] = "Test Summit organisers <organiser@example.org>"
    message["Subject"] = subject
    message["Date"] = format_datetime(stamp)
    message["Message-ID"] = make_msgid(domain="roblox.example")


def outlook(uid: str, *, partstat: str = "ACCEPTED", attendee: str = "GRACE@ROBLOX.EXAMPLE", sequence: int = 0,
            stamp: datetime = STAMP, comment: str = "See you there",
            sender: str | None = "Grace Holloway <Grace@Roblox.example>",
            authentication_results: str | None = "mx.summit.test; dkim=pass header.d=roblox.example; "
                                                 "spf=pass smtp.mailfrom=roblox.example; "
                                                 "dmarc=pass action=none header.from=roblox.example") -> bytes:
    """multipart/alternative: the note as text, the REPLY as a base64 text/calendar part."""
    message = EmailMessage()
    _headers(message, sender, "Accepted: Test Summit", stamp, authentication_results)
    message.set_content(comment or "")
    message.add_alternative(outlook_calendar(uid, attendee, partstat, sequence, stamp, comment), maintype="text",
                            subtype="calendar", params={"method": "REPLY"}, cte="base64")
    return message.as_bytes()


def google(uid: str, *, partstat: str = "TENTATIVE", attendee: str = "grace@roblox.example", sequence: int = 0,
           stamp: datetime = STAMP, comment: str = "Travel not yet approved",
           sender: str | None = "Grace Holloway <grace@roblox.example>",
           authentication_results: str | None = None) -> bytes:
    """multipart/mixed: text, HTML and text/calendar alternatives, plus the same REPLY as invite.ics."""
    calendar = google_calendar(uid, attendee, partstat, sequence, stamp, comment)
    message = EmailMessage()
    _headers(message, sender, "Tentatively Accepted: Test Summit @ Sun 1 Dec 2030", stamp, authentication_results)
    message.set_content(f"Grace Holloway has tentatively accepted this invitation.\n{comment}")
    message.add_alternative(f"<p>Grace Holloway has tentatively accepted this invitation.</p><p>{comment}</p>",
                            subtype="html")
    message.add_alternative(calendar, maintype="text", subtype="calendar", params={"method": "REPLY"}, cte="7bit")
    message.add_attachment(calendar, maintype="application", subtype="ics", filename="invite.ics", cte="base64")
    return message.as_bytes()


def apple(uid: str, *, partstat: str = "DECLINED", attendee: str = "grace@roblox.example", sequence: int = 0,
          stamp: datetime = STAMP, comment: str = "", sender: str | None = "Grace Holloway <grace@roblox.example>",
          authentication_results: str | None = None) -> bytes:
    """Apple Mail: a short text part and the REPLY as a quoted-printable .ics attachment."""
    message = EmailMessage()
    _headers(message, sender, "Invitation: Test Summit (Declined)", stamp, authentication_results)
    message["X-Mailer"] = "Apple Mail (2.3774.500.171.1.1)"
    message.set_content("")
    message.add_attachment(apple_calendar(uid, attendee, partstat, sequence, stamp, comment).decode("utf-8"),
                           subtype="calendar", filename="iCal-20300102-100000.ics", params={"method": "REPLY"},
                           cte="quoted-printable")
    return message.as_bytes()


SHAPES = {"outlook": outlook, "google": google, "apple": apple}

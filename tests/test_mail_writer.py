"""The hand-written MIME writer (summit.mail.writer) against the email package: for every message shape we send, the
prepared bytes equal `build(envelope).as_bytes()` but for the boundaries, and the standard parser reads back the same
headers and the same decoded parts."""

from __future__ import annotations

import email
import re
from datetime import datetime, timedelta, timezone
from email.policy import default

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summit.mail import message as mail_message
from summit.mail import writer

SENDER = "Summit <summit@summit.test>"
CALENDAR = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nSUMMARY:Gipfel in Zürich — 検出\r\n"
            "DESCRIPTION:" + "A long line of text. " * 20 + "\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
LONG_SUBJECT = "Reminder: please answer your invitation to the Redmond Trust and Safety Summit of the year 2026"
CASES = {
    "ascii": dict(to_name="Ada Example", subject="Hi", text="Hello\n", html="<p>Hello</p>"),
    "non-ascii name and subject": dict(to_name="Zoë Ångström-Łukasiewicz, Ph.D.",
                                       subject="Ihre Einladung — 検出 ✓ " * 4),
    "specials in the name": dict(to_name='Ann "The Boss" O\'Neil (CEO); A. B.', subject="Re: a, b; c"),
    "long ascii subject": dict(subject=LONG_SUBJECT * 2),
    "what looks like an encoded word": dict(to_name="=?utf-8?q?Eve?=", subject="=?utf-8?b?SGk=?= there"),
    "long lines, qp": dict(text="Line " + "x" * 120 + "\nshort\n", html="<p>" + "word " * 60 + "</p>"),
    "long non-ascii lines, base64": dict(text="Grüße aus Zürich. " * 30 + "\n" + "ü" * 200 + "\n" * 12),
    "many long lines": dict(text="\n".join(f"line {i} " + "y" * 90 for i in range(30))),
    "line ends of every kind": dict(text="a\r\nb\rc\nd", html="<p>a</p>\r\n<p>b</p>\r"),
    "dots, From and boundary look-alikes": dict(text=".\n..hidden\nFrom me\n--===============0000000000000000001==\n"),
    "8bit short lines": dict(text="Hallo Jürgen,\nbis bald.\n"),
    "empty bodies": dict(text="", html=""),
    "calendar request": dict(calendar=CALENDAR, calendar_method="REQUEST"),
    "calendar publish by default": dict(calendar=CALENDAR, calendar_method=None),
    "calendar with non-ascii name and long text": dict(to_name="Jürgen Müller", text="é" * 100, calendar=CALENDAR,
                                                       calendar_method="CANCEL"),
}


def envelope(**fields) -> mail_message.Envelope:
    values = dict(message_id="<5f0c7a52-8a9e-4a43-b5f4-2f0b1e0f6a11@summit.test>", sender=SENDER, to_name="Delegate",
                  to_address="delegate+tag@example.org", subject="Hello", text="Message", html="<p>Message</p>",
                  date=datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc))
    return mail_message.Envelope(**{**values, **fields})


def same_but_boundaries(data: bytes) -> bytes:
    for i, boundary in enumerate(dict.fromkeys(re.findall(rb'boundary="([^"]+)"', data))):
        data = data.replace(boundary, b"BOUNDARY-%d" % i)
    return data


def parts(data: bytes) -> list[tuple[list[tuple[str, str]], object]]:
    """Every part's headers (boundaries named alike) and decoded content, as the standard parser reads them."""
    message = email.message_from_bytes(data, policy=default)
    read = []
    for part in message.walk():
        headers = [(k, re.sub(r'boundary="[^"]+"', "boundary", str(v))) for k, v in part.items()]
        read.append((headers, None if part.is_multipart() else part.get_content()))
    return read


def assert_same_message(env: mail_message.Envelope) -> None:
    built = mail_message.build(env).as_bytes()
    written = mail_message.wire(env.sender, mail_message.prepare(env))
    assert same_but_boundaries(written) == same_but_boundaries(built)
    assert parts(written) == parts(built)
    assert all(len(line) <= 998 for line in written.split(b"\r\n"))
    assert b"\n" not in written.replace(b"\r\n", b"") and b"\r" not in written.replace(b"\r\n", b"")


@pytest.mark.parametrize("fields", CASES.values(), ids=CASES.keys())
def test_the_writer_gives_what_the_email_package_gives(fields):
    assert_same_message(envelope(**fields))


def test_the_parser_reads_back_names_subjects_and_the_calendar():
    env = envelope(to_name="Zoë Ångström", subject="Ihre Einladung — " + LONG_SUBJECT, text="Grüße\n",
                   calendar=CALENDAR, calendar_method="REQUEST")
    message = email.message_from_bytes(mail_message.wire(SENDER, mail_message.prepare(env)), policy=default)
    assert message["To"].addresses[0].display_name == "Zoë Ångström"
    assert str(message["Subject"]) == "Ihre Einladung — " + LONG_SUBJECT
    assert message.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Grüße\n"
    [itip] = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert itip.get_param("method") == "REQUEST" and itip.get_content() == CALENDAR
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "invite.ics" and attachment.get_content() == CALENDAR.encode()


def test_boundaries_differ_between_messages_and_never_occur_in_a_part():
    one, two = mail_message.prepare(envelope()), mail_message.prepare(envelope())
    assert re.findall(rb'boundary="([^"]+)"', one) != re.findall(rb'boundary="([^"]+)"', two)
    taken = [b"--" + b"=" * 15 + b"%019d" % 7 + b"=="]
    assert writer.boundary(taken) != taken[0][2:]


def test_an_odd_calendar_method_is_refused_rather_than_written_into_a_header():
    with pytest.raises(ValueError):
        mail_message.prepare(envelope(calendar=CALENDAR, calendar_method='REQUEST"\r\nBcc: x@example.org'))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=60), subject=st.text(max_size=150), text=st.text(max_size=400),
       html=st.text(max_size=200), minutes=st.integers(0, 10**6), calendar=st.booleans())
def test_any_text_comes_out_as_the_email_package_writes_it(name, subject, text, html, minutes, calendar):
    assert_same_message(envelope(to_name=name, subject=subject, text=text, html=html,
                                 date=datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(minutes=minutes),
                                 calendar=CALENDAR if calendar else None, calendar_method="REQUEST"))

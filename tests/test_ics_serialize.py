"""The hand-written VEVENT writer (serialize.py) against icalendar, byte for byte: the demo summit, a generated
1,000-session agenda full of awkward text, folds at every awkward position, random inputs, and the fallback."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser.string import _foldline
from sqlalchemy import select

from summit.agenda.models import AgendaSession
from summit.calendar import ics, serialize
from summit.calendar.services import happening, invitation_uid, organizer, summit_happening
from summit.events.models import Event
from summit.invitations.models import Invitation
from tests.ical_parsers import parse_everywhere

ORGANIZER = ics.Person("Summit organisers", "organiser@example.org")
ZONES = [ZoneInfo(name) for name in ("America/Los_Angeles", "Europe/Berlin", "Asia/Tokyo", "Asia/Kolkata",
                                     "Australia/Lord_Howe", "Etc/UTC", "UTC")] + [UTC]
WORDS = ["Grooming", "Détection précoce", "検出と人間によるレビュー", "🚸🛡️", "كشف الاستدراج", "Ταξινόμηση",
         "naïve café", "a, b; c",
         "back\\slash", "C:\\Notes", "line\nbreak", "cr\r\nlf", "lone\rcr", "caret ^ and \"quotes\"", "x" * 70]


def reference_single(item: ics.Happening, who: ics.Person) -> bytes:
    """How `ics.single` was built before serialize.py: the whole calendar by icalendar."""
    calendar = ics._calendar("PUBLISH")
    calendar.add_component(ics._vevent(item, who))
    return ics._finish(calendar, [item.starts, item.ends])


def reference_request(item: ics.Happening, who: ics.Person, attendee: ics.Person) -> bytes:
    calendar = ics._calendar("REQUEST")
    event = ics._vevent(item, who)
    event.add("attendee", attendee.address(RSVP="TRUE", PARTSTAT="NEEDS-ACTION", ROLE="REQ-PARTICIPANT",
                                           CUTYPE="INDIVIDUAL"))
    calendar.add_component(event)
    return ics._finish(calendar, [item.starts, item.ends])


def assert_same(item: ics.Happening, who: ics.Person = ORGANIZER, attendee: ics.Person | None = None) -> None:
    """The fast writer itself (no fallback) matches icalendar, alone and inside a download and an invitation."""
    invitee = attendee and serialize.address("ATTENDEE", attendee, **ics.INVITEE)
    assert serialize.vevent(item, who, invitee) == ics.vevent_reference(item, who, attendee)
    assert ics.vevent(item, who) == ics.vevent_reference(item, who)
    assert ics.single(item, who) == reference_single(item, who)
    if attendee:
        assert ics.request(item, who, attendee) == reference_request(item, who, attendee)


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def generated(n: int) -> list[ics.Happening]:
    """Sessions shaped like services.happening makes them, with every kind of awkward text and optional part."""
    rng = random.Random(13)
    items = []
    for i in range(n):
        zone = ZONES[i % len(ZONES)]
        starts = datetime(2030, 3, 8, 9, 0, tzinfo=zone) + timedelta(hours=5 * i)
        url = f"https://summit.test/events/redmond/sessions/{i}"
        notes = [sentence(rng, rng.randrange(1, 40))] if i % 3 else []
        if i % 7 == 0:
            notes.append("Held under the Chatham House Rule.")
        room = rng.choice(["", "Cascade", "Salle «Léman», 2ᵉ étage", "会議室 3"])
        items.append(ics.Happening(
            uid=f"session-{i}@summit.test", title=sentence(rng, rng.randrange(1, 8)) + f" {i}", starts=starts,
            ends=starts + timedelta(minutes=rng.choice([15, 45, 90])),
            stamp=datetime(2030, 1, 1, 12, i % 60, tzinfo=UTC),
            last_modified=datetime(2030, 1, 2, 8, tzinfo=ZoneInfo("Europe/Berlin")), sequence=rng.randrange(0, 40),
            cancelled=i % 11 == 0, tentative=i % 5 == 0,
            location=", ".join(p for p in (room, "Building 33", "Redmond") if p) if i % 4 else "",
            description="\n\n".join([*notes, f"Details: {url}"]), url=url if i % 9 else "",
            categories=(sentence(rng, 2),) if i % 2 else ()))
    return items


def test_a_generated_thousand_session_agenda_is_written_as_icalendar_writes_it():
    items = generated(1000)
    attendee = ics.Person("Zoë O'Brien-Nakamura, \"Zo\" ^ 検出", "zoe@example.org")
    for item in items:
        assert_same(item, attendee=attendee if item.sequence % 4 == 0 else None)
    info = ics.FeedInfo("Agenda: Gipfel über Grooming-Erkennung", ORGANIZER)
    data = ics.feed(info, items[:80])
    assert b"\r\n " in data and data.count(b"BEGIN:VEVENT") == 80
    parse_everywhere(data)
    parse_everywhere(ics.request(items[0], ORGANIZER, attendee))


@pytest.mark.parametrize("special", ["\\", "^", ";", ",", "\n", '"', "é", "検", "🚸", "ع", "\\N"])
def test_folds_land_where_icalendar_puts_them_around_escapes_and_multibyte_characters(special):
    for pad in range(55, 160):
        text = "x" * pad + special + "y" * (pad % 7) + special * 3 + "tail"
        item = replace(generated(1)[0], title=text, description=text, location=text, categories=(text, "b"))
        assert_same(item, ics.Person(text, "p@example.org"), ics.Person("N" * (pad - 40) + special + " x", "a@b.org"))


@given(st.text())
@settings(max_examples=500, deadline=None)
def test_folding_matches_icalendar_for_any_line(text):
    line = text.replace("\n", "")
    assert serialize.fold(line.encode()) == _foldline(line).encode()


@given(st.builds(
    ics.Happening, uid=st.text(), title=st.text(), description=st.text(), location=st.text(),
    url=st.text().filter(lambda u: "\r" not in u and "\n" not in u),
    categories=st.lists(st.text(), max_size=3).map(tuple), sequence=st.integers(-2**31, 2**31 - 1),
    cancelled=st.booleans(), tentative=st.booleans(),
    starts=st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=st.sampled_from(ZONES)),
    ends=st.datetimes(datetime(1900, 1, 1), datetime(2200, 1, 1), timezones=st.sampled_from(ZONES)),
    stamp=st.datetimes(datetime(1900, 1, 2), datetime(2200, 1, 1), timezones=st.sampled_from([None, *ZONES])),
    last_modified=st.datetimes(datetime(1900, 1, 2), datetime(2200, 1, 1),
                               timezones=st.sampled_from([None, *ZONES]))),
    st.builds(ics.Person, st.text(), st.text().filter(lambda e: "\r" not in e and "\n" not in e)))
@settings(max_examples=400, deadline=None)
def test_any_supported_session_is_written_as_icalendar_writes_it(item, who):
    assert_same(item, who, attendee=who)


UNSUPPORTED = [
    dict(starts=datetime(2030, 3, 9, 10, tzinfo=timezone(timedelta(hours=2)))),  # a fixed offset, not a zone
    dict(ends=datetime(2030, 3, 9, 11)),  # floating
    dict(starts=date(2030, 3, 9)),  # a date
    dict(stamp=date(2030, 1, 1)),
    dict(sequence=True), dict(sequence=2**31),  # icalendar refuses the second
    dict(title=None), dict(categories="one"), dict(url="https://x.test/\r\nX-EVIL:1"),
]


@pytest.mark.parametrize("change", UNSUPPORTED)
def test_shapes_the_writer_does_not_know_fall_back_to_icalendar(change, monkeypatch):
    item = replace(generated(1)[0], **change)
    assert serialize.vevent(item, ORGANIZER) is None
    asked = []
    real = ics.vevent_reference
    monkeypatch.setattr(ics, "vevent_reference", lambda *args: asked.append(args) or real(*args))
    try:
        expected = ("bytes", real(item, ORGANIZER))
    except (ValueError, TypeError) as exc:
        expected = ("error", type(exc))
    try:
        written = ("bytes", ics.vevent(item, ORGANIZER))
    except (ValueError, TypeError) as exc:
        written = ("error", type(exc))
    assert written == expected and len(asked) == 1


def test_an_attendee_address_icalendar_refuses_is_refused_the_same_way():
    assert serialize.address("ATTENDEE", ics.Person("Eve", "eve@x.test\r\nX-EVIL:1")) is None
    with pytest.raises(ValueError, match="CR or LF"):
        ics.request(generated(1)[0], ORGANIZER, ics.Person("Eve", "eve@x.test\r\nX-EVIL:1"))


def test_every_demo_session_and_invitation_is_written_as_icalendar_writes_it(app, dbs):
    from seeds.loader import load_demo

    with app.test_request_context():
        load_demo(dbs, app.config)
        dbs.commit()
        event = dbs.scalar(select(Event).where(Event.slug == "redmond-summit"))
        sessions = dbs.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()
        invitations = dbs.scalars(select(Invitation).where(Invitation.event_id == event.id)).all()
        assert len(sessions) >= 8 and invitations
        who = organizer(event)
        for item in sessions:
            for tentative in (False, True):
                assert_same(happening(item, tentative=tentative), who)
        for invitation in invitations:
            person = invitation.person
            assert_same(summit_happening(event, invitation_uid(invitation)), who, ics.Person(person.name, person.email))

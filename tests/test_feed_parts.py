"""Feeds built from cached parts: byte for byte what icalendar writes for the whole calendar, one part per change."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, update

from summit import db
from summit.agenda.models import AgendaSession, SessionKind, SessionStatus, Track, Visibility
from summit.agenda.queries import visible_sessions
from summit.agenda.services import SessionFields, update_session
from summit.audit import SYSTEM
from summit.auth.models import User
from summit.auth.permissions import viewer_for
from summit.cache import size_of
from summit.calendar import ics
from summit.calendar.services import happening, organizer
from summit.events.models import Event
from summit.links import external_url, site_host
from tests.ical_parsers import parse_everywhere
from tests.test_calendar import signed_in

ORGANIZER = ics.Person("Summit organisers", "organiser@example.org")
# Multi-byte characters placed so that some land on the 75-octet fold, plus the characters iCalendar escapes.
AWKWARD = ["Erkennung von Grooming — «Risiko» bewerten; Teil {i}", "検出と人間によるレビュー、閾値 {i}",
           "Ταξινόμηση συνομιλιών, κίνδυνος \\ {i}", "Détection précoce 🚸 des signaux: atelier n° {i}",
           "Кто модерирует? Пороги и эскалация {i}", "كشف الاستدراج عبر الإنترنت {i}"]


def reference_feed(info: ics.FeedInfo, items: list[ics.Happening]) -> bytes:
    """The whole calendar built by icalendar in one go: how feeds were made before they were made from parts."""
    calendar = ics._calendar("PUBLISH")
    ics._name(calendar, info)
    for item in items:
        calendar.add_component(ics._vevent(item, info.organizer))
    return ics._finish(calendar, [m for item in items for m in (item.starts, item.ends)])


def generated(n: int, zones: tuple[str, ...] = ("America/Los_Angeles",)) -> list[ics.Happening]:
    start = datetime(2030, 3, 8, 9, 0)
    items = []
    for i in range(n):
        zone = ZoneInfo(zones[i % len(zones)])
        starts = (start + timedelta(hours=7 * i)).replace(tzinfo=zone)
        title = AWKWARD[i % len(AWKWARD)].format(i=i)
        items.append(ics.Happening(
            uid=f"session-{i}@summit.test", title=title, starts=starts, ends=starts + timedelta(minutes=45),
            stamp=datetime(2030, 1, 1, 12, i % 60, tzinfo=timezone.utc),
            last_modified=datetime(2030, 1, 1, 12, i % 60, tzinfo=timezone.utc), sequence=i % 4,
            cancelled=i % 17 == 0, tentative=i % 5 == 0, location=f"Raum {i % 9}, Gebäude 33, Redmond" * (i % 3),
            description=(title + "\n\n") * (i % 4) + f"Details: https://summit.test/s/{i}", url=f"https://summit.test/s/{i}",
            categories=(f"Spur {i % 3} – Erkennung",) if i % 2 else ()))
    return items


@pytest.mark.parametrize("zones", [("America/Los_Angeles",), ("Europe/Berlin", "Asia/Tokyo")])
def test_a_feed_from_parts_is_byte_for_byte_what_icalendar_writes(zones):
    info = ics.FeedInfo("Agenda: Gipfel über Grooming-Erkennung", ORGANIZER)
    items = generated(1000, zones)
    data = ics.feed(info, items)
    assert data == reference_feed(info, items)
    assert ics.feed(info, []) == reference_feed(info, [])
    parse_everywhere(ics.feed(info, items[:60]))


def test_the_demo_agenda_feed_is_byte_for_byte_what_icalendar_writes(app, dbs, organiser_client):
    from seeds.loader import load_demo

    with app.test_request_context():
        load_demo(dbs, app.config)
        dbs.commit()
    event = dbs.scalar(select(Event).where(Event.slug == "redmond-summit"))
    organiser = dbs.scalar(select(User).where(User.role == "organiser"))
    client = signed_in(app, organiser)
    url = f"/events/{event.slug}/agenda.ics"
    served = client.get(url).data
    assert served == expected_feed(app, event.id, organiser.id)
    assert served.count(b"BEGIN:VEVENT") >= 8
    parse_everywhere(served)
    assert client.get(url).data == served  # now from the cache


def expected_feed(app, event_id: int, user_id: int) -> bytes:
    with app.test_request_context():
        event, user = db.session.get(Event, event_id), db.session.get(User, user_id)
        items = visible_sessions(db.session, event, viewer_for(user, event))
        return reference_feed(ics.FeedInfo(f"{event.name}: agenda", organizer(event)),
                              [happening(item) for item in items])


def reference_happening(item: AgendaSession, tentative: bool = False) -> ics.Happening:
    """How services.happening made a session's values one session at a time, before feeds shared the work."""
    event = item.event
    url = external_url("agenda.session_page", slug=event.slug, session_id=item.id)
    notes = [item.description.strip()] if item.description.strip() else []
    if item.chatham_house:
        notes.append("Held under the Chatham House Rule.")
    notes.append(f"Details: {url}")
    return ics.Happening(
        uid=f"session-{item.id}@{site_host()}", title=item.title, starts=event.local(item.starts_at),
        ends=event.local(item.ends_at), stamp=item.updated_at, last_modified=item.updated_at, sequence=item.sequence,
        cancelled=item.cancelled, tentative=tentative, url=url, description="\n\n".join(notes),
        location=", ".join(p for p in (item.room.name if item.room else "", event.venue, event.city) if p),
        categories=(item.track.name,) if item.track else ())


def add_sessions(dbs, event, room, n: int) -> None:
    """n published sessions over two days, bulk-inserted (no audit): the shape of a big summit. Bulk statements skip
    the ORM, so the event's feed version is moved here by hand."""
    rows = []
    for i in range(n):
        starts = event.starts_at + timedelta(days=i % 2, minutes=15 * (i // 20))
        rows.append({"event_id": event.id, "title": AWKWARD[i % len(AWKWARD)].format(i=i),
                     "kind": SessionKind.WORKSHOP,
                     "description": "Ein *Workshop* über Risikobewertung — 検出.\n\nBring a laptop." * (i % 3),
                     "room_id": room.id if i % 4 else None, "starts_at": starts,
                     "ends_at": starts + timedelta(minutes=30),
                     "seat_limit": None, "seats_taken": 0, "chatham_house": i % 7 == 0, "materials": "",
                     "visibility": Visibility.DELEGATES if i % 3 else Visibility.PUBLIC,
                     "status": SessionStatus.CANCELLED if i % 50 == 0 else SessionStatus.PUBLISHED, "sequence": i % 3})
    dbs.execute(insert(AgendaSession), rows)
    dbs.execute(update(Event).where(Event.id == event.id).values(feed_version=Event.feed_version + 1))
    dbs.commit()


def test_a_big_agenda_feed_is_byte_for_byte_and_a_change_rebuilds_one_part(app, dbs, agenda_event, room,
                                                                            make_delegate, monkeypatch):
    add_sessions(dbs, agenda_event, room, 1000)
    delegate = make_delegate()
    client = signed_in(app, delegate)
    url = f"/events/{agenda_event.slug}/agenda.ics"
    served = client.get(url).data
    assert served.count(b"BEGIN:VEVENT") == 1000
    assert served == expected_feed(app, agenda_event.id, delegate.id)
    parse_everywhere(served)

    built = []
    real = ics.vevent
    monkeypatch.setattr(ics, "vevent", lambda item, who: built.append(item.uid) or real(item, who))
    item = dbs.scalars(select(AgendaSession).order_by(AgendaSession.id).offset(500)).first()
    with app.test_request_context():
        update_session(dbs, SYSTEM, item, SessionFields(
            title="Umbenannt: Schwellenwerte ✓", kind=item.kind, starts_at=item.starts_at, ends_at=item.ends_at,
            room_id=item.room_id, seat_limit=None, visibility=item.visibility))
        dbs.commit()
    changed = client.get(url).data
    assert built == [f"session-{item.id}@summit.test"]  # one part rebuilt, 999 reused
    assert changed != served and "Umbenannt: Schwellenwerte ✓".encode() in changed
    assert changed == expected_feed(app, agenda_event.id, delegate.id)


def test_a_cold_feed_makes_the_same_statements_at_10_and_1000_sessions_and_the_same_bytes(app, dbs, agenda_event,
                                                                                          room, make_delegate):
    """Every part cold (a new process, a bulk import): the sessions' texts come in one statement, however many."""
    from tests.test_agenda import count_queries

    delegate = make_delegate()
    client = signed_in(app, delegate)
    urls = [f"/events/{agenda_event.slug}/agenda.ics", f"/events/{agenda_event.slug}/my-agenda.ics"]
    counts = {}
    track = Track(event_id=agenda_event.id, name="Spur 1 – Erkennung, «Risiko»")
    dbs.add(track)
    dbs.flush()
    for n in (10, 990):
        add_sessions(dbs, agenda_event, room, n)
        dbs.execute(update(AgendaSession).where(AgendaSession.id % 3 == 0).values(track_id=track.id))
        dbs.commit()
        app.extensions["summit.cache"].clear()
        counts[n] = [count_queries(app, client, url) for url in urls]
    assert counts[10] == counts[990], counts
    app.extensions["summit.cache"].clear()
    served = client.get(urls[0]).data
    assert served.count(b"BEGIN:VEVENT") == 1000 and "CATEGORIES:Spur 1 – Erkennung\\,".encode() in served
    assert served == expected_feed(app, agenda_event.id, delegate.id)
    with app.test_request_context():
        items = db.session.scalars(select(AgendaSession)).all()
        assert [happening(i, tentative=i.id % 2 == 0) for i in items] == [
            reference_happening(i, tentative=i.id % 2 == 0) for i in items]
    cache = app.extensions["summit.cache"]  # parts are weighed without writing their keys out, nearly exactly
    exact = sum(size_of(key, value) for key, (value, _) in cache._items.items())
    assert abs(cache.size - exact) <= exact // 100


def test_session_links_of_a_feed_are_external_url_s(app):
    from summit.calendar.happenings import MARKER, session_url_builder

    for base in ("http://summit.test", "https://summit.example:8443/summits"):
        app.config["BASE_URL"] = base
        for slug in ("redmond-summit", f"s{MARKER}", f"{MARKER}"):
            with app.test_request_context():
                url_of = session_url_builder(Event(slug=slug))
                for session_id in (1, 7, 42, MARKER, 10**9 + 7):
                    url = url_of(session_id)
                    assert url == external_url("agenda.session_page", slug=slug, session_id=session_id)
                    assert url.startswith(base.rstrip("/") + "/") and url.endswith(f"/sessions/{session_id}")

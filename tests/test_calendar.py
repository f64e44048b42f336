"""Calendars every client gets right: feeds, downloads and invitations, read back by three independent parsers."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from summit.agenda.models import AgendaSession, SessionKind, Visibility
from summit.agenda.services import SessionFields, cancel_session, move_session, update_session
from summit.audit import SYSTEM
from summit.calendar import ics
from summit.clock import to_utc
from summit.mail.models import OutboxMessage
from tests.ical_parsers import parse_everywhere

LA = ZoneInfo("America/Los_Angeles")
ORGANIZER = ics.Person("Summit organisers", "organiser@example.org")


def happening(**overrides):
    base = dict(uid="session-1@summit.test", title="Risk scoring", starts=datetime(2030, 3, 9, 10, 0, tzinfo=LA),
                ends=datetime(2030, 3, 9, 11, 0, tzinfo=LA), stamp=datetime(2030, 1, 1, tzinfo=timezone.utc),
                last_modified=datetime(2030, 1, 1, tzinfo=timezone.utc), location="Cascade, Building 33",
                description="Details: https://summit.test/s/1", url="https://summit.test/s/1",
                categories=("Detection",))
    return ics.Happening(**{**base, **overrides})


# ---- the pure builder ---------------------------------------------------------------------------------------

def test_a_feed_has_publish_a_name_refresh_hints_a_timezone_and_no_attendees():
    data = ics.feed(ics.FeedInfo("Summit agenda", ORGANIZER), [happening()])
    calendar, strict, loose = parse_everywhere(data)
    assert calendar["method"] == "PUBLISH" and calendar["x-wr-calname"] == "Summit agenda"
    assert calendar["name"] == "Summit agenda"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in data and b"X-PUBLISHED-TTL:PT1H" in data
    assert b"PRODID:-//Summit//Summit calendars 1.0//EN" in data
    [tz] = calendar.walk("VTIMEZONE")
    assert tz["tzid"] == "America/Los_Angeles"
    [event] = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime(2030, 3, 9, 10, 0, tzinfo=LA)
    assert event["dtstart"].params["TZID"] == "America/Los_Angeles"  # never floating
    assert event.decoded("dtstamp").tzinfo is not None and b"DTSTAMP:20300101T000000Z" in data
    assert "attendee" not in event and str(event["organizer"]) == "mailto:organiser@example.org"
    assert [str(c) for c in event["categories"].cats] == ["Detection"]
    assert strict.events[0].summary == "Risk scoring" and loose.vevent.summary.value == "Risk scoring"


def test_a_single_session_download_carries_no_calendar_name():
    calendar, _, _ = parse_everywhere(ics.single(happening(), ORGANIZER))
    assert "x-wr-calname" not in calendar and "name" not in calendar


@pytest.mark.parametrize("title", ["Commas, semicolons; back\\slashes", "Line one\nline two", "Detecting grooming 🛡️",
                                   "Сессия по выявлению груминга", "检测网络诱骗", "مكافحة الاستدراج"])
def test_awkward_titles_round_trip_unchanged_in_every_parser(title):
    data = ics.feed(ics.FeedInfo("Feed", ORGANIZER), [happening(title=title, description=title * 5)])
    calendar, strict, loose = parse_everywhere(data)
    assert str(calendar.walk("VEVENT")[0]["summary"]) == title
    assert strict.events[0].summary == title
    assert loose.vevent.summary.value == title
    assert str(calendar.walk("VEVENT")[0]["description"]) == title * 5


@pytest.mark.parametrize("day, offset", [(9, -8), (10, -7)])  # DST starts on 10 March 2030 in Los Angeles
def test_wall_clock_time_is_kept_on_both_sides_of_a_dst_change(day, offset):
    starts = datetime(2030, 3, day, 10, 0, tzinfo=LA)
    data = ics.single(happening(starts=starts, ends=starts + timedelta(hours=1)), ORGANIZER)
    calendar, strict, loose = parse_everywhere(data)
    for parsed in (calendar.walk("VEVENT")[0].decoded("dtstart"), strict.events[0].dtstart, loose.vevent.dtstart.value):
        assert (parsed.hour, parsed.minute) == (10, 0)
        assert parsed.utcoffset() == timedelta(hours=offset)


def test_a_cancelled_event_says_so():
    calendar, strict, _ = parse_everywhere(ics.single(happening(cancelled=True, sequence=3), ORGANIZER))
    event = calendar.walk("VEVENT")[0]
    assert event["status"] == "CANCELLED" and event["sequence"] == 3
    assert str(strict.events[0].status).endswith("CANCELLED")


def test_an_itip_request_invites_one_attendee():
    data = ics.request(happening(), ORGANIZER, ics.Person("Grace Holloway", "grace@roblox.example"))
    calendar, _, loose = parse_everywhere(data)
    assert calendar["method"] == "REQUEST"
    attendee = calendar.walk("VEVENT")[0]["attendee"]
    assert str(attendee) == "mailto:grace@roblox.example"
    assert attendee.params["RSVP"] == "TRUE" and attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert loose.vevent.attendee.value == "mailto:grace@roblox.example"


def test_todos_for_due_dates():
    from datetime import date

    item = ics.Deadline(uid="commitment-1@summit.test", summary="C-001: license the classifier", due=date(2031, 6, 30),
                        stamp=datetime(2030, 1, 1, tzinfo=timezone.utc),
                        last_modified=datetime(2030, 1, 1, tzinfo=timezone.utc), percent=40, status="IN-PROCESS")
    calendar, strict, loose = parse_everywhere(ics.todos(ics.FeedInfo("Commitments", ORGANIZER), [item]))
    todo = calendar.walk("VTODO")[0]
    assert todo.decoded("due") == date(2031, 6, 30) and todo["percent-complete"] == 40
    assert strict.todos[0].summary.startswith("C-001") and loose.vtodo.summary.value.startswith("C-001")


# ---- feeds from the app -------------------------------------------------------------------------------------

def signed_in(app, user):
    client = app.test_client()
    client.sign_in(user.person.email)
    return client


def vevents(data: bytes):
    calendar, _, _ = parse_everywhere(data)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}


def test_the_agenda_feed_shows_what_the_caller_may_see(app, client, dbs, make_session, make_delegate, agenda_event,
                                                      organiser_client):
    public = make_session("Keynote", visibility=Visibility.PUBLIC, seat_limit=None)
    delegates = make_session("Workshop")
    make_session("Draft", publish=False)
    assert client.get(f"/events/{agenda_event.slug}/agenda.ics").status_code == 404  # public agenda is off
    organiser_client.post_form(f"/events/{agenda_event.slug}/programme/public", {"public": "y"})
    anonymous = client.get(f"/events/{agenda_event.slug}/agenda.ics")
    assert anonymous.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert list(vevents(anonymous.data)) == [f"session-{public.id}@summit.test"]
    mine = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/agenda.ics")
    assert set(vevents(mine.data)) == {f"session-{public.id}@summit.test", f"session-{delegates.id}@summit.test"}
    assert "attachment" in mine.headers["Content-Disposition"]


def test_uids_stay_while_sequence_rises_and_a_moved_session_shows_its_new_time(app, dbs, make_session, make_delegate,
                                                                                agenda_event):
    item = make_session("Risk scoring", start_hour=10)
    client = signed_in(app, make_delegate())
    url = f"/events/{agenda_event.slug}/sessions/{item.id}.ics"
    before = vevents(client.get(url).data)[f"session-{item.id}@summit.test"]
    with app.app_context():
        moved = dbs.get(AgendaSession, item.id)
        move_session(dbs, SYSTEM, moved, starts_at=moved.starts_at + timedelta(hours=1), room_id=moved.room_id)
        dbs.commit()
    after = vevents(client.get(url).data)[f"session-{item.id}@summit.test"]
    assert after["sequence"] > before["sequence"]
    assert after.decoded("dtstart") - before.decoded("dtstart") == timedelta(hours=1)
    assert after.decoded("dtstart").hour == 11 and str(after["dtstart"].params["TZID"]) == "America/Los_Angeles"


def test_a_cancelled_session_stays_in_the_feed_as_cancelled(app, dbs, make_session, make_delegate, agenda_event):
    item = make_session()
    client = signed_in(app, make_delegate())
    cancel_session(dbs, SYSTEM, dbs.get(AgendaSession, item.id))
    dbs.commit()
    event = vevents(client.get(f"/events/{agenda_event.slug}/agenda.ics").data)[f"session-{item.id}@summit.test"]
    assert event["status"] == "CANCELLED"


def test_content_of_a_session_event(app, dbs, make_session, make_delegate, agenda_event):
    from summit.agenda.services import create_track

    track = create_track(dbs, SYSTEM, agenda_event, name="Detection", colour="#123456")
    dbs.commit()
    item = make_session("Risk scoring", track_id=track.id, description="Bring a laptop.", chatham_house=True)
    data = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/sessions/{item.id}.ics").data
    event = vevents(data)[f"session-{item.id}@summit.test"]
    assert str(event["location"]) == "Cascade, Building 33, Redmond, WA"
    assert str(event["url"]) == f"http://summit.test/events/{agenda_event.slug}/sessions/{item.id}"
    assert "Chatham House Rule" in str(event["description"]) and str(event["url"]) in str(event["description"])
    assert [str(c) for c in event["categories"].cats] == ["Detection"]
    assert "last-modified" in event and "X-WR-CALNAME" not in data.decode()


def test_an_unchanged_feed_answers_304(app, dbs, make_session, make_delegate, agenda_event):
    make_session()
    client = signed_in(app, make_delegate())
    url = f"/events/{agenda_event.slug}/agenda.ics"
    first = client.get(url)
    etag = first.headers["ETag"]
    again = client.get(url, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    make_session("Another")
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


def test_the_personal_feed_is_revocable_replaceable_and_shows_only_my_sessions(app, dbs, make_session,
                                                                               make_delegate, agenda_event):
    mine, other = make_session("Mine"), make_session("Someone else's", start_hour=14)
    me, them = make_delegate(), make_delegate()
    client, theirs = signed_in(app, me), signed_in(app, them)
    client.post_form(f"/events/{agenda_event.slug}/sessions/{mine.id}/signup")
    theirs.post_form(f"/events/{agenda_event.slug}/sessions/{other.id}/signup")
    page = client.post_form("/profile/calendar", follow_redirects=True).get_data(as_text=True)
    link = re.search(r'value="http://summit.test(/feeds/[A-Za-z0-9_-]{43}\.ics)"', page).group(1)
    assert "webcal://summit.test/feeds/" in page and "calendar.google.com/calendar/render?cid=webcal" in page
    assert link.split("/")[-1][:-4] not in client.get("/profile/calendar").get_data(as_text=True)  # shown once
    anonymous = app.test_client()
    feed = anonymous.get(link)
    assert feed.status_code == 200 and "no-store" not in feed.headers.get("Cache-Control", "")
    events = vevents(feed.data)
    assert list(events) == [f"session-{mine.id}@summit.test"]
    assert them.person.email not in feed.get_data(as_text=True) and "ATTENDEE" not in feed.get_data(as_text=True)
    client.post_form("/profile/calendar")  # replace
    assert anonymous.get(link).status_code == 404
    client.post_form("/profile/calendar/revoke")
    assert anonymous.get("/feeds/" + "x" * 43 + ".ics").status_code == 404


def test_the_feed_picks_up_a_published_change(app, dbs, make_session, make_delegate, agenda_event):
    item = make_session()
    client = signed_in(app, make_delegate())
    client.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup")
    url = f"/events/{agenda_event.slug}/my-agenda.ics"
    before = vevents(client.get(url).data)[f"session-{item.id}@summit.test"]
    with app.app_context():
        fields = SessionFields(title="Renamed", kind=SessionKind.WORKSHOP, starts_at=item.starts_at,
                               ends_at=item.ends_at, room_id=None, seat_limit=10)
        update_session(dbs, SYSTEM, dbs.get(AgendaSession, item.id), fields)
        dbs.commit()
    after = vevents(client.get(url).data)[f"session-{item.id}@summit.test"]
    assert str(after["summary"]) == "Renamed" and after["sequence"] == before["sequence"] + 1
    assert "Cascade" not in str(after["location"])


# ---- invitations and replies (iTIP) -------------------------------------------------------------------------

@pytest.fixture
def invited(app, dbs, make_event, make_organisation):
    from summit.invitations.services import invite

    event = make_event()
    make_organisation("Roblox", quota=2)
    with app.test_request_context():
        invitation = invite(dbs, SYSTEM, event, name="Grace Holloway", email="Grace@roblox.example",
                            organisation_name="Roblox")
        dbs.commit()
    return invitation


def invitation_mail(dbs, kind="invitation") -> OutboxMessage:
    return dbs.scalar(select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id.desc()))


def test_the_invitation_email_carries_an_itip_request(app, dbs, invited):
    from email import message_from_bytes
    from email.policy import default

    from summit.mail.message import build
    from summit.mail.services import envelope_for

    row = invitation_mail(dbs)
    message = message_from_bytes(build(envelope_for(row, "Summit <s@summit.test>")).as_bytes(), policy=default)
    parts = {part.get_content_type(): part for part in message.walk()}
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert "text/plain" in parts and "text/html" in parts
    calendar, _, _ = parse_everywhere(calendar_part.get_payload(decode=True))
    assert calendar["method"] == "REQUEST"
    [event] = calendar.walk("VEVENT")
    # one UID per invitation, with a secret: see test_itip_replies.py
    assert re.match(rf"summit-{invited.event_id}-[0-9a-f]{{32}}@summit\.test$", str(event["uid"]))
    assert event["sequence"] == 0
    assert str(event["attendee"]).lower() == "mailto:grace@roblox.example"
    assert str(event["organizer"]) == "mailto:organiser@example.org"


@pytest.mark.clock
def test_changing_the_dates_sends_an_update_with_a_higher_sequence(app, dbs, invited, organiser_client):
    event = invited.event
    # a day later by the wall clock, as an organiser would type it (read back by the app's rule in a DST gap)
    typed = (event.local(event.starts_at) + timedelta(days=1)).replace(second=0, tzinfo=None)
    response = organiser_client.post_form(f"/events/{event.slug}/settings", {
        "name": event.name, "venue": "Building 99", "city": event.city, "timezone": event.timezone,
        "starts_at": typed.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (event.local(event.ends_at) + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "rsvp_deadline": event.local(event.rsvp_deadline).strftime("%Y-%m-%dT%H:%M"),
        "co_hosts": event.co_hosts, "contact_email": event.contact_email})
    assert response.status_code == 303
    update = invitation_mail(dbs, "event-update")
    calendar, _, _ = parse_everywhere(update.calendar.encode())
    [vevent] = calendar.walk("VEVENT")
    [first] = parse_everywhere(invitation_mail(dbs).calendar.encode())[0].walk("VEVENT")
    assert vevent["sequence"] == 1 and "Building 99" in str(vevent["location"])
    assert vevent["uid"] == first["uid"]  # the same entry in the invitee's calendar moves
    assert vevent.decoded("dtstart") == to_utc(typed, event.zone)


def test_building_a_feed_makes_a_constant_number_of_queries(app, dbs, make_session, make_delegate, agenda_event):
    from tests.test_agenda import count_queries

    client = signed_in(app, make_delegate())
    for _ in range(5):
        client.post_form(f"/events/{agenda_event.slug}/sessions/{make_session().id}/signup", {"confirm": "yes"})
    urls = [f"/events/{agenda_event.slug}/agenda.ics", f"/events/{agenda_event.slug}/my-agenda.ics"]
    small = [count_queries(app, client, url) for url in urls]
    for _ in range(200):
        make_session()
    large = [count_queries(app, client, url) for url in urls]
    assert small == large, (small, large)


def test_a_delegate_who_declines_loses_their_personal_feed(app, dbs, make_session, make_delegate, agenda_event):
    """Declining (or being revoked, or passing the place on) stops the feed that showed the delegates' programme."""
    from summit.audit import SYSTEM, AuditEntry
    from summit.invitations.models import Answer, Invitation
    from summit.invitations.rsvp import Reply, respond

    make_session("Delegates only")
    me = make_delegate()
    client = signed_in(app, me)
    page = client.post_form("/profile/calendar", follow_redirects=True).get_data(as_text=True)
    link = re.search(r'value="http://summit.test(/feeds/[A-Za-z0-9_-]{43}\.ics)"', page).group(1)
    poll = app.test_client()
    first = poll.get(link)
    assert first.status_code == 200
    invitation = dbs.scalar(select(Invitation).where(Invitation.person_id == me.person_id))
    with app.test_request_context():
        respond(dbs, SYSTEM, invitation, Reply(Answer.DECLINE))
        dbs.commit()
    assert poll.get(link).status_code == 404
    assert poll.get(link, headers={"If-None-Match": first.headers["ETag"]}).status_code == 404  # no 304 either
    assert dbs.scalar(select(AuditEntry).where(AuditEntry.action == "feed.revoke")) is not None

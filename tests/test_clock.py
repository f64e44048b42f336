"""Time at the event: wall clock <-> UTC across DST, timezone names, and 'today' in the event's timezone, never the
server's. Clocks here are pinned with time-machine, so each test means the same at any hour in any TZ."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import select

from summit.audit import SYSTEM
from summit.clock import to_local, to_utc, today_for, utcnow, valid_timezone
from summit.events.models import Event
from summit.events.services import EventError, create_event

LA = ZoneInfo("America/Los_Angeles")
# 04:30 UTC on 29 November 2026 is 20:30 PST on the 28th: the hours when the old date.today() got it wrong.
EARLY_UTC = datetime(2026, 11, 29, 4, 30, tzinfo=UTC)
at_early_utc = pytest.mark.clock(at=EARLY_UTC.isoformat())


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ---- the helpers ---------------------------------------------------------------------------------------------

def test_wall_clock_to_utc_on_ordinary_days_and_across_dst():
    assert to_utc(datetime(2026, 11, 30, 9, 0), LA) == utc(2026, 11, 30, 17, 0)  # PST, UTC-8
    assert to_utc(datetime(2027, 6, 1, 9, 0), "America/Los_Angeles") == utc(2027, 6, 1, 16, 0)  # PDT, UTC-7
    # 1 Nov 2026: 01:30 happens twice (PDT, then PST); it means the earlier one
    assert to_utc(datetime(2026, 11, 1, 1, 30), LA) == utc(2026, 11, 1, 8, 30)
    # 14 Mar 2027: clocks jump from 02:00 to 03:00, so 02:30 never happens; it is read as PST, i.e. 03:30 PDT
    assert to_utc(datetime(2027, 3, 14, 2, 30), LA) == utc(2027, 3, 14, 10, 30)
    assert to_local(to_utc(datetime(2027, 3, 14, 2, 30), LA), LA).strftime("%H:%M %Z") == "03:30 PDT"


def test_utc_to_wall_clock_names_the_offset_in_force():
    assert to_local(utc(2026, 11, 1, 8, 30), LA).strftime("%H:%M %Z") == "01:30 PDT"
    assert to_local(utc(2026, 11, 1, 9, 30), LA).strftime("%H:%M %Z") == "01:30 PST"
    assert to_local(utc(2027, 3, 14, 9, 59), "America/Los_Angeles").strftime("%H:%M %Z") == "01:59 PST"
    assert to_local(utc(2027, 3, 14, 10, 0), LA).strftime("%H:%M %Z") == "03:00 PDT"


def test_the_helpers_refuse_what_they_would_have_to_guess():
    with pytest.raises(ValueError, match="without a timezone"):
        to_utc(utc(2026, 11, 30, 9, 0), LA)
    with pytest.raises(ValueError, match="machine's timezone"):
        to_local(datetime(2026, 11, 30, 9, 0), LA)
    with pytest.raises(ValueError, match="not an IANA timezone"):
        to_utc(datetime(2026, 11, 30, 9, 0), "Pacific Time")


@pytest.mark.parametrize("name", ["America/Los_Angeles", "Europe/London", "Asia/Tokyo", "UTC", "Etc/GMT+8"])
def test_iana_timezones_are_valid(name):
    assert valid_timezone(name) == ZoneInfo(name)


@pytest.mark.parametrize("name", ["", None, "America", "america/los_angeles", "America/Los_Angeles ", "PST",
                                  "localtime", "/etc/passwd", "../zoneinfo/UTC", "Mars/Olympus_Mons"])
def test_other_names_are_not(name):
    assert valid_timezone(name) is None


def test_today_at_the_event_turns_at_its_local_midnight():
    event = Event(timezone="America/Los_Angeles")
    assert today_for(event, utc(2026, 11, 29, 7, 59)) == date(2026, 11, 28)  # 23:59 PST
    assert today_for(event, utc(2026, 11, 29, 8, 0)) == date(2026, 11, 29)  # 00:00 PST
    assert today_for(event, utc(2027, 7, 1, 6, 59)) == date(2027, 6, 30)  # 23:59 PDT
    assert today_for(event, utc(2027, 7, 1, 7, 0)) == date(2027, 7, 1)
    assert today_for("Asia/Tokyo", utc(2026, 11, 29, 23, 30)) == date(2026, 11, 30)


@pytest.mark.clock
def test_today_reads_the_clock_not_the_machines_date():
    with time_machine.travel(EARLY_UTC.timestamp(), tick=False):  # a timestamp keeps the machine's TZ
        assert utcnow() == EARLY_UTC
        assert today_for(Event(timezone="America/Los_Angeles")) == date(2026, 11, 28)
        assert today_for(LA) == date(2026, 11, 28)


# ---- where the helpers are used ------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["America", "Pacific Time", ""])
def test_an_event_needs_a_real_timezone(dbs, name):
    start = utc(2030, 3, 9, 17, 0)
    with pytest.raises(EventError, match="not an IANA timezone"):
        create_event(dbs, SYSTEM, slug="x", name="X", venue="V", city="C", timezone=name, starts_at=start,
                     ends_at=start + timedelta(hours=8), rsvp_deadline=start - timedelta(days=1))


def settings_form(event: Event, **changes: str) -> dict[str, str]:
    def wall(moment: datetime) -> str:
        return to_local(moment, event.zone).strftime("%Y-%m-%dT%H:%M")

    return {"name": event.name, "venue": event.venue, "city": event.city, "timezone": event.timezone,
            "starts_at": wall(event.starts_at), "ends_at": wall(event.ends_at),
            "rsvp_deadline": wall(event.rsvp_deadline), "co_hosts": event.co_hosts,
            "contact_email": event.contact_email, **changes}


def test_event_settings_refuse_a_timezone_that_is_only_a_folder(organiser_client, make_event):
    event = make_event()
    response = organiser_client.post_form(f"/events/{event.slug}/settings", settings_form(event, timezone="America"))
    assert response.status_code == 422 and "Use an IANA timezone" in response.get_data(as_text=True)


@pytest.mark.parametrize("typed, stored", [
    ("2027-03-14T02:30", utc(2027, 3, 14, 10, 30)),  # in the spring gap: 03:30 PDT
    ("2026-11-01T01:30", utc(2026, 11, 1, 8, 30)),  # in the autumn fold: the first 01:30 (PDT)
    ("2027-03-15T09:00", utc(2027, 3, 15, 16, 0)),  # the day after the change: PDT
])
def test_event_settings_read_typed_times_in_the_event_timezone(organiser_client, make_event, dbs, typed, stored):
    event = make_event(starts_at=utc(2026, 10, 1, 16, 0), ends_at=utc(2027, 4, 1, 16, 0),
                       rsvp_deadline=utc(2026, 9, 1, 16, 0))
    response = organiser_client.post_form(f"/events/{event.slug}/settings",
                                          settings_form(event, rsvp_deadline=typed))
    assert response.status_code == 303, response.get_data(as_text=True)
    dbs.expire_all()
    assert dbs.get(Event, event.id).rsvp_deadline == stored


@at_early_utc
def test_days_to_go_count_the_event_days_not_the_servers(organiser_client, make_event):
    # starts Tuesday 1 December 09:00 PST; at 20:30 PST on Saturday 28 November that is three days away
    make_event(starts_at=utc(2026, 12, 1, 17, 0), ends_at=utc(2026, 12, 2, 17, 0),
               rsvp_deadline=utc(2026, 11, 30, 17, 0))
    html = organiser_client.get("/").get_data(as_text=True)
    assert '<span class="stat-number">3</span> <span class="stat-label">days to go' in html


@at_early_utc
def test_the_demo_is_dated_from_today_at_the_event(app, dbs):
    from seeds.loader import load_demo

    with app.app_context():
        load_demo(dbs, app.config)
    event = dbs.scalar(select(Event).order_by(Event.id))  # the summit (the demo series has a later meeting)
    # 30 days after Saturday 28 November (Los Angeles), not after Sunday the 29th (UTC)
    assert to_local(event.starts_at, event.zone) == datetime(2026, 12, 28, 9, 0, tzinfo=LA)

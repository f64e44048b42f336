"""My agenda holds the sessions every delegate attends (keynotes, plenaries, breaks: no sign-up), marked so, in the
page, my-agenda.ics and the subscription feed (issue 12)."""

from __future__ import annotations

from summit.agenda.models import SessionKind, Visibility
from summit.calendar.parts import my_agenda_calendar
from tests.ical_parsers import parse_everywhere


def summaries(body: bytes) -> set[str]:
    return {str(c.get("summary")) for c in parse_everywhere(body)[0].walk("VEVENT")}


def test_sessions_for_everyone_are_in_my_agenda_page_and_calendars(app, dbs, agenda_event, make_session,
                                                                  make_delegate, make_organisation):
    make_session("Opening keynote", seat_limit=None, kind=SessionKind.KEYNOTE, start_hour=9)
    make_session("Coffee break", seat_limit=None, kind=SessionKind.BREAK, start_hour=11)
    make_session("Workshop I did not choose", seat_limit=10, start_hour=12)
    make_session("Restricted briefing", seat_limit=None, visibility=Visibility.RESTRICTED, start_hour=14,
                 organisation_ids=[make_organisation("Police only").id])
    make_session("Draft plenary", seat_limit=None, publish=False, start_hour=15)
    delegate = make_delegate()
    client = app.test_client()
    client.sign_in(delegate.person.email, "correct horse battery")
    html = client.get(f"/events/{agenda_event.slug}/my-agenda").get_data(as_text=True)
    assert "Opening keynote" in html and "Coffee break" in html and "For every delegate" in html
    assert "Workshop I did not choose" not in html and "Restricted briefing" not in html
    assert "Draft plenary" not in html
    ics = client.get(f"/events/{agenda_event.slug}/my-agenda.ics").get_data()
    assert summaries(ics) == {"Opening keynote", "Coffee break"}
    with app.test_request_context():
        assert summaries(my_agenda_calendar(dbs, agenda_event, delegate.person_id)) == {"Opening keynote",
                                                                                          "Coffee break"}

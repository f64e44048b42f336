"""Big agendas: the same number of statements at 10 and 1,000 sessions, and the list and grid paged by day (all days
still a link away) once the programme is big."""

from __future__ import annotations

import re

from sqlalchemy import insert, select

from summit.agenda.models import AgendaSession, SessionSpeaker, SpeakerRole, Visibility, session_organisations
from tests.test_agenda import count_queries
from tests.test_calendar import signed_in
from tests.test_feed_parts import add_sessions


def add_people_to_sessions(dbs, people, organisation) -> None:
    """Every session gets a speaker, and the restricted ones the delegate's organisation: what the pages load."""
    ids = dbs.scalars(select(AgendaSession.id).where(~AgendaSession.speakers.any())).all()
    dbs.execute(insert(SessionSpeaker), [{"session_id": sid, "person_id": people[i % len(people)].id,
                                          "role": SpeakerRole.SPEAKER} for i, sid in enumerate(ids)])
    restricted = ids[::10]
    dbs.execute(AgendaSession.__table__.update().where(AgendaSession.id.in_(restricted))
                .values(visibility=Visibility.RESTRICTED))
    dbs.execute(insert(session_organisations), [{"session_id": sid, "organisation_id": organisation.id}
                                                for sid in restricted])
    dbs.commit()


def test_agenda_pages_make_the_same_number_of_statements_at_10_and_1000_sessions(app, dbs, agenda_event, room,
                                                                                make_delegate, make_person,
                                                                                make_organisation):
    company = make_organisation("Company A", quota=10)
    client = signed_in(app, make_delegate(company))
    people = [make_person() for _ in range(5)]
    slug = agenda_event.slug
    urls = [f"/events/{slug}/agenda?day=all", f"/events/{slug}/agenda?view=grid&day=all", f"/events/{slug}/agenda",
            f"/events/{slug}/agenda?view=grid", f"/events/{slug}/agenda.ics"]
    add_sessions(dbs, agenda_event, room, 10)
    add_people_to_sessions(dbs, people, company)
    small = [count_queries(app, client, url) for url in urls]
    add_sessions(dbs, agenda_event, room, 990)
    add_people_to_sessions(dbs, people, company)
    large = [count_queries(app, client, url) for url in urls]
    assert small == large, (small, large)
    page = client.get(f"/events/{slug}/agenda?day=all").get_data(as_text=True)
    assert sessions_shown(page) == 1000  # every session, the cancelled ones included


def sessions_shown(page: str) -> int:
    return page.count('class="session-card')


def test_a_big_agenda_pages_by_day_and_all_days_stays_a_link_away(app, dbs, agenda_event, room, make_delegate):
    add_sessions(dbs, agenda_event, room, 400)  # two days, 200 each
    client = signed_in(app, make_delegate())
    slug = agenda_event.slug
    first = client.get(f"/events/{slug}/agenda").get_data(as_text=True)
    days = re.findall(r'href="[^"]*[?&;]day=(\d{4}-\d\d-\d\d)[^"]*"', first)
    assert len(set(days)) == 2 and "day=all" in first
    assert sessions_shown(first) == 200
    assert 'aria-current="page">Saturday 9 March' in first
    second = client.get(f"/events/{slug}/agenda?day={days[-1]}").get_data(as_text=True)
    assert sessions_shown(second) == 200 and 'aria-current="page">Sunday 10 March' in second
    assert sessions_shown(client.get(f"/events/{slug}/agenda?day=all").get_data(as_text=True)) == 400
    grid = client.get(f"/events/{slug}/agenda?view=grid&day={days[-1]}").get_data(as_text=True)
    assert sessions_shown(grid) == 200 and "Sunday 10 March 2030" in grid and "Saturday 9 March 2030" not in grid
    assert client.get(f"/events/{slug}/agenda?day=1999-01-01").status_code == 404


def test_a_small_agenda_shows_every_day_by_default(app, dbs, agenda_event, room, make_delegate):
    add_sessions(dbs, agenda_event, room, 20)
    page = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/agenda").get_data(as_text=True)
    assert sessions_shown(page) == 20 and "Saturday 9 March 2030" in page and "Sunday 10 March 2030" in page

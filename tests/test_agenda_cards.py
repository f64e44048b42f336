"""The agenda's session cards come from the one cache: the same page cold and warm, a change on the card shown at
once, and nothing of one delegate's page (name, badge, CSRF token) ever served to another."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from seeds.loader import demo_sign_ins, load_demo
from summit.agenda.services import fields_of, update_session
from summit.audit import SYSTEM
from summit.events.models import Event
from tests.test_agenda import count_queries
from tests.test_agenda_big import sessions_shown
from tests.test_calendar import signed_in
from tests.test_feed_parts import add_sessions

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
PAGES = ["", "?day=all", "?view=grid", "?view=grid&day=all"]


def cache(app):
    return app.extensions["summit.cache"]


def cached_cards(app) -> list[str]:
    store = cache(app)._items
    return [value.decode() for key, (value, _) in store.items() if key[0] == "agenda-card"]


def without_tokens(page: str) -> str:
    return CSRF.sub('name="csrf_token" type="hidden" value=""', page)


@pytest.mark.clock(at="2030-02-20T12:00:00+00:00")
def test_the_demo_agenda_is_the_same_page_with_a_cold_and_a_warm_cache(app, dbs):
    with app.app_context():
        load_demo(dbs, app.config, today=date(2030, 2, 20))
    slug = dbs.query(Event).order_by(Event.id).first().slug
    for role, email, password in demo_sign_ins(app.config):
        if role not in ("delegate", "organiser"):
            continue
        client = app.test_client()
        assert client.sign_in(email, password).status_code == 303
        client.get(f"/events/{slug}/agenda")  # shows the "Signed in" message once
        for query in PAGES:
            cache(app).clear()
            cold = client.get(f"/events/{slug}/agenda{query}").get_data(as_text=True)
            shown = sessions_shown(cold)
            assert shown > 5 and len(cached_cards(app)) == shown  # every card shown was kept
            warm = client.get(f"/events/{slug}/agenda{query}").get_data(as_text=True)
            assert without_tokens(warm) == without_tokens(cold), (role, query)


def test_a_change_to_anything_on_a_card_shows_at_once(app, dbs, make_session, make_delegate, make_person,
                                                      agenda_event, room):
    speaker = make_person(name="Ada Speaker")
    item = make_session(title="Risk scoring", seat_limit=10)
    update_session(dbs, SYSTEM, item, replace(fields_of(item), speakers=[(speaker.id, "speaker")]))
    dbs.commit()
    client = signed_in(app, make_delegate())
    url = f"/events/{agenda_event.slug}/agenda"
    page = client.get(url).get_data(as_text=True)
    assert "Risk scoring" in page and "Ada Speaker" in page and "10 of 10 seats left" in page and "Cascade" in page

    update_session(dbs, SYSTEM, item, replace(fields_of(item), title="Risk scoring, revised"))
    dbs.commit()
    assert "Risk scoring, revised" in client.get(url).get_data(as_text=True)

    speaker.name = "Ada Renamed"  # the session itself does not change
    room.name = "Rainier"
    dbs.commit()
    page = client.get(url).get_data(as_text=True)
    assert "Ada Renamed" in page and "Ada Speaker" not in page and "Rainier" in page and "Cascade" not in page

    other = signed_in(app, make_delegate())
    assert other.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup").status_code == 303
    assert "9 of 10 seats left" in client.get(url).get_data(as_text=True)  # a seat taken, no edit at all
    assert len([1 for card in cached_cards(app) if "Risk scoring" in card]) == 1  # older versions went


def test_a_cached_card_never_carries_another_delegates_name_badge_or_token(app, dbs, make_session, make_delegate,
                                                                           agenda_event):
    item = make_session(title="Grooming signals")
    make_session(title="Hash matching", start_hour=14)
    first, second = make_delegate(), make_delegate()
    first.person.name, second.person.name = "Fiona First", "Sam Second"
    dbs.commit()
    one, two = signed_in(app, first), signed_in(app, second)
    assert one.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup").status_code == 303
    for query in PAGES:
        url = f"/events/{agenda_event.slug}/agenda{query}"
        cache(app).clear()
        mine = one.get(url).get_data(as_text=True)  # fills the cache
        theirs = two.get(url).get_data(as_text=True)  # served from it
        my_token, their_token = CSRF.search(mine).group(1), CSRF.search(theirs).group(1)
        assert "Fiona First" in mine and "You have a seat" in mine
        assert "Sam Second" in theirs and "Fiona First" not in theirs and my_token not in theirs
        assert "You have a seat" not in theirs and sessions_shown(theirs) == 2
        again = one.get(url).get_data(as_text=True)  # and back, from the cache the other filled
        assert "Sam Second" not in again and their_token not in again and "You have a seat" in again
        for card in cached_cards(app):
            assert not any(text in card for text in ("Fiona", "Sam", "csrf", "You have a seat", my_token))


def test_the_same_statements_cold_and_warm_at_10_and_200_sessions(app, dbs, agenda_event, room, make_delegate):
    client = signed_in(app, make_delegate())
    urls = [f"/events/{agenda_event.slug}/agenda{query}" for query in PAGES]

    def counts() -> list[int]:
        cache(app).clear()
        cold = [count_queries(app, client, url) for url in urls]
        assert [count_queries(app, client, url) for url in urls] == cold  # warm
        return cold

    add_sessions(dbs, agenda_event, room, 10)
    small = counts()
    add_sessions(dbs, agenda_event, room, 190)
    assert counts() == small

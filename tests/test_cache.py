"""The cache never serves one visitor what was built for another: the report and every feed, visited in turn by the
organiser, a delegate of company A, a delegate of company B and someone signed out."""

from __future__ import annotations

import re

import pytest

from summit.agenda.models import SessionKind, Visibility
from summit.audit import SYSTEM
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed
from summit.commitments.models import CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.events.models import Event
from tests.ical_parsers import parse_everywhere

CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
VISITORS = ("organiser", "delegate A", "delegate B", "signed out")


@pytest.fixture
def world(app, dbs, agenda_event, make_session, make_delegate, make_user, make_organisation):
    company_a, company_b = make_organisation("Company A", quota=10), make_organisation("Company B", quota=10)
    users = {"organiser": make_user("organiser", name="Olive Organiser"),
             "delegate A": make_delegate(company_a), "delegate B": make_delegate(company_b)}
    make_session("Open keynote", kind=SessionKind.KEYNOTE, visibility=Visibility.PUBLIC, start_hour=9)
    make_session("Delegates workshop", start_hour=10)
    make_session("Company A briefing", visibility=Visibility.RESTRICTED, organisation_ids=[company_a.id], start_hour=11)
    make_session("Draft plan", publish=False, start_hour=12)
    with app.app_context():
        for title, owner, visibility in [("Public promise", company_a, CommitmentVisibility.PUBLIC),
                                         ("A internal plan", company_a, CommitmentVisibility.PARTICIPANTS),
                                         ("B internal plan", company_b, CommitmentVisibility.PARTICIPANTS),
                                         ("Staff only note", company_a, CommitmentVisibility.SECRETARIAT)]:
            create_commitment(dbs, SYSTEM, agenda_event, CommitmentFields(
                title=title, expectation=Expectation.STOP_GROOMING, lead_organisation_id=owner.id,
                visibility=visibility, due_on=agenda_event.starts_at.date()))
        feeds = {who: {scope: issue_feed(dbs, SYSTEM, user, agenda_event, scope) for scope in FeedScope}
                 for who, user in users.items()}
        dbs.get(Event, agenda_event.id).public_agenda = True
        dbs.commit()
    clients = {"signed out": app.test_client()}
    for who, user in users.items():
        clients[who] = app.test_client()
        assert clients[who].sign_in(user.person.email).status_code == 303
    return {"users": users, "clients": clients, "feeds": feeds, "slug": agenda_event.slug}


def summaries(body: bytes) -> set[str]:
    return {str(component["SUMMARY"]) for component in parse_everywhere(body)[0].walk()
            if component.name in ("VEVENT", "VTODO")}


def test_each_visitor_gets_their_own_report_page_around_the_shared_body(world):
    names = {who: user.person.name for who, user in world["users"].items()}
    tokens = {}
    for rounds in range(2):  # the second round is served from the cache
        for who in VISITORS:
            page = world["clients"][who].get(f"/events/{world['slug']}/report")
            html = page.get_data(as_text=True)
            assert page.status_code == 200 and "Public promise" in html
            assert "A internal plan" not in html and "Staff only note" not in html
            for other, name in names.items():
                assert (name in html) is (other == who), f"{who} sees {other}'s name (round {rounds + 1})"
            token = CSRF.search(html)
            # A CSRF token is the session's secret, then a timestamp and a signature: compare the secret only
            mine = token.group(1).split(".")[0] if token else None
            tokens.setdefault(who, mine)
            assert mine == tokens[who]
            if who == "signed out":
                assert token is None and "Sign out" not in html and "Programme" not in html
    personal = world["clients"]["delegate B"].get(f"/events/{world['slug']}/report")
    assert personal.headers["Cache-Control"] == "no-store" and "ETag" not in personal.headers
    signed_in_tokens = [tokens[who] for who in VISITORS[:3]]
    assert len(set(signed_in_tokens)) == 3 and None not in signed_in_tokens
    assert "Programme" in world["clients"]["organiser"].get(f"/events/{world['slug']}/report").get_data(as_text=True)
    assert "Programme" not in world["clients"]["delegate A"].get(
        f"/events/{world['slug']}/report").get_data(as_text=True)


def test_the_agenda_feed_follows_the_visitor_not_the_cache(world):
    expected = {
        "organiser": {"Open keynote", "Delegates workshop", "Company A briefing", "Draft plan"},
        "delegate A": {"Open keynote", "Delegates workshop", "Company A briefing"},
        "delegate B": {"Open keynote", "Delegates workshop"},
        "signed out": {"Open keynote"},
    }
    for _ in range(2):
        for who in VISITORS:
            response = world["clients"][who].get(f"/events/{world['slug']}/agenda.ics")
            assert response.status_code == 200
            assert summaries(response.data) == expected[who], who


def test_personal_feeds_show_only_their_owners_calendar(world):
    expected = {
        "organiser": {"Public promise", "A internal plan", "B internal plan", "Staff only note"},
        "delegate A": {"Public promise", "A internal plan"},
        "delegate B": {"Public promise", "B internal plan"},
    }
    anonymous = world["clients"]["signed out"]
    for _ in range(2):
        for who, scopes in world["feeds"].items():
            commitments = anonymous.get(f"/feeds/{scopes[FeedScope.COMMITMENTS]}.ics")
            assert {s.split(": ", 1)[1] for s in summaries(commitments.data)} == expected[who], who
            assert summaries(anonymous.get(f"/feeds/{scopes[FeedScope.MY_AGENDA]}.ics").data) == set()
    public = {s.split(": ", 1)[1] for s in summaries(anonymous.get(f"/events/{world['slug']}/commitments.ics").data)}
    assert public == {"Public promise"}


def test_an_unchanged_report_answers_304_to_those_who_may_keep_it(world):
    anonymous = world["clients"]["signed out"]
    for path in ("report", "report.json", "report.csv"):
        first = anonymous.get(f"/events/{world['slug']}/{path}")
        assert first.headers["ETag"]
        again = anonymous.get(f"/events/{world['slug']}/{path}", headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path


def test_the_cache_is_bounded_by_bytes_not_entries():
    from summit.cache import Cache, size_of

    cache = Cache(max_bytes=400_000)
    for i in range(1000):  # a thousand small parts fit (an entry cap of 256 would have dropped most of them)
        cache.get_or_build(("part", i), lambda: b"x" * 40)
    assert len(cache) == 1000 and cache.size <= 400_000
    cache.get_or_build(("feed",), lambda: b"y" * 300_000)  # a big one pushes out the least recently used
    assert cache.size <= 400_000 and len(cache) < 1000
    assert cache.get_or_build(("feed",), lambda: b"rebuilt") == b"y" * 300_000
    assert cache.get_or_build(("part", 999), lambda: b"rebuilt") == b"x" * 40
    assert cache.get_or_build(("part", 0), lambda: b"rebuilt") == b"rebuilt"
    cache.get_or_build(("huge",), lambda: b"z" * 500_000)  # bigger than the whole cache: served, not kept
    assert cache.get_or_build(("huge",), lambda: b"again") == b"again"
    assert cache.size == sum(size_of(k, v) for k, (v, _) in cache._items.items())



def test_a_new_version_in_a_slot_replaces_the_old_one():
    from summit.cache import Cache

    cache = Cache(max_bytes=1_000_000)
    cache.get_or_build(("feed", 1, "v1"), lambda: b"a" * 1000, slot=("feed", 1))
    cache.get_or_build(("feed", 2, "v1"), lambda: b"b" * 1000, slot=("feed", 2))
    cache.get_or_build(("feed", 1, "v2"), lambda: b"c" * 1000, slot=("feed", 1))
    assert len(cache) == 2  # v1 of feed 1 is gone: nobody asks for it again
    assert cache.get(("feed", 1, "v1")) is None and cache.get(("feed", 2, "v1")) == b"b" * 1000
    assert cache.size == sum(size for _, size in cache._items.values())


def test_many_keys_are_read_at_once_and_count_as_recently_used():
    from summit.cache import Cache, size_of

    one, two = size_of(("card", 1), b"a" * 100), size_of(("card", 2), b"b" * 100)
    cache = Cache(max_bytes=one + two + 10)
    cache.put(("card", 1), b"a" * 100)
    cache.put(("card", 2), b"b" * 100)
    assert cache.get_many([("card", 2), ("card", 9), ("card", 1)]) == [b"b" * 100, None, b"a" * 100]
    cache.put(("card", 3), b"c" * 100)  # card 2 was read before card 1, so it is the least recently used
    assert cache.get_many([("card", 1), ("card", 2), ("card", 3)]) == [b"a" * 100, None, b"c" * 100]


def test_many_parts_kept_at_once_are_bounded_by_bytes_and_replace_their_slot():
    from summit.cache import Cache, size_of

    cache = Cache(max_bytes=200_000)
    cache.put_many([(("part", i, "v1"), b"x" * 100, ("part", i)) for i in range(3000)])
    assert cache.size <= 200_000 and 0 < len(cache) < 3000  # the oldest went
    assert cache.get(("part", 2999, "v1")) == b"x" * 100 and cache.get(("part", 0, "v1")) is None
    assert cache.size == sum(size_of(k, v) for k, (v, _) in cache._items.items())
    cache.put_many([(("part", 2999, "v2"), b"y" * 100, ("part", 2999))], key_size=lambda key: len(repr(key)))
    assert cache.get_many([("part", 2999, "v1"), ("part", 2999, "v2"), ("nope",)]) == [None, b"y" * 100, None]
    assert cache.size == sum(size_of(k, v) for k, (v, _) in cache._items.items())
    cache.put_many([(("huge",), b"z" * 300_000, None)], key_size=lambda key: 0)  # bigger than the cache: not kept
    assert cache.get(("huge",)) is None and cache.get(("part", 2999, "v2")) == b"y" * 100

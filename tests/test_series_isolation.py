"""Two events, each with data of its own (in different series): nothing of event A appears under event B's pages,
CSVs, JSON or feeds. The whole URL map is walked with B's slug and B's objects, as B's organiser, the secretariat
and a delegate taking part in B."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy.orm import Session

from summit.agenda.models import SessionKind, Visibility
from summit.agenda.services import SessionFields, create_room, create_session, create_track, publish_agenda
from summit.agenda.signups import sign_up
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed
from summit.commitments.models import CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, add_milestone, create_commitment, post_update
from summit.commitments.tools import create_tool
from summit.events.models import OrganisationKind
from summit.events.services import create_event, create_organisation
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from tests.access_fixtures import Case, rule_cases
from tests.conftest import PASSWORD


@dataclass
class Side:
    """One event's objects, for the URL arguments."""
    slug: str
    session_id: int
    reference: str
    milestone_id: int
    update_id: int
    invitation_id: int
    tool_id: int
    feed_tokens: dict[str, str]


def build_event(db: Session, word: str, n: int, organiser, secretariat) -> Side:
    """An event whose every name carries `word` (Alpha or Bravo), with a company and a delegate of its own."""
    start = (datetime.now(UTC) + timedelta(days=30 + n)).replace(hour=17, minute=0, second=0, microsecond=0)
    event = create_event(db, SYSTEM, slug=f"{word.lower()}-summit", name=f"{word} Summit", venue=f"{word} Campus",
                         city="Redmond, WA", timezone="America/Los_Angeles", starts_at=start,
                         ends_at=start + timedelta(hours=8), rsvp_deadline=start - timedelta(days=10),
                         description=f"{word} description", contact_email=f"{word.lower()}@example.org")
    company = create_organisation(db, SYSTEM, name=f"{word}corp", kind=OrganisationKind.COMPANY, delegate_quota=3)
    db.flush()
    delegate = create_user(db, SYSTEM, email=f"delegate@{word.lower()}.example", role=Role.DELEGATE,
                           password=PASSWORD, name=f"{word} Delegate", organisation_name=company.name)
    db.flush()
    invitation = invite(db, SYSTEM, event, name=delegate.person.name, email=delegate.person.email,
                        organisation_name=company.name)
    respond(db, SYSTEM, invitation, Reply(Answer.ACCEPT, listed_consent=True))
    room = create_room(db, SYSTEM, event, name=f"{word} Hall", capacity=30)
    track = create_track(db, SYSTEM, event, name=f"{word} track", colour="#123456")
    db.flush()
    session = create_session(db, SYSTEM, event, SessionFields(
        title=f"{word} keynote", kind=SessionKind.KEYNOTE, starts_at=start + timedelta(hours=1),
        ends_at=start + timedelta(hours=2), seat_limit=10, room_id=room.id, track_id=track.id,
        visibility=Visibility.PUBLIC, organisation_ids=[]))
    publish_agenda(db, SYSTEM, event)
    sign_up(db, SYSTEM, session, delegate.person)
    commitment = create_commitment(db, SYSTEM, event, CommitmentFields(
        title=f"{word} promise", expectation=Expectation.OFFER_TOOLS_FREE, lead_organisation_id=company.id,
        visibility=CommitmentVisibility.PUBLIC, due_on=start.date() + timedelta(days=90)))
    db.flush()
    milestone = add_milestone(db, SYSTEM, commitment, f"{word} milestone", None)
    update = post_update(db, SYSTEM, delegate, commitment, text=f"{word} progress", progress=10, evidence="",
                         proposed_status=None)
    tool = create_tool(db, SYSTEM, event, name=f"{word} classifier", owner_organisation_id=company.id,
                       commitment_ids=[commitment.id])
    feeds = {"delegate": issue_feed(db, SYSTEM, delegate, event, FeedScope.MY_AGENDA),
             "delegate-commitments": issue_feed(db, SYSTEM, delegate, event, FeedScope.COMMITMENTS),
             "secretariat": issue_feed(db, SYSTEM, secretariat, event, FeedScope.COMMITMENTS)}
    db.flush()
    return Side(event.slug, session.id, commitment.reference, milestone.id, update.id, invitation.id, tool.id, feeds)


SWITCHER = re.compile(r'<details class="event-switcher">.*?</details>', re.S)

SELECTS = re.compile(r"<select.*?</select>", re.S)

# What event A's data is called: none of it may show under event B.
A_MARKERS = ("Alpha Summit", "Alpha Campus", "Alpha description", "alpha@example.org", "Alpha Hall", "Alpha track",
             "Alpha keynote", "Alpha promise", "Alpha milestone", "Alpha progress", "Alpha classifier")
# Organisations and people are one directory shared by every event (only taking part is per event): staff forms
# offer them as choices, and the page that adds organisations to an event lists them all. Nowhere else under B.
A_DIRECTORY = ("Alphacorp", "Alpha Delegate", "delegate@alpha.example")
LISTS_THE_DIRECTORY = {"events.event_organisations"}


@pytest.fixture
def two_events(app: Flask):
    engine = app.extensions["summit.engine"]
    with app.test_request_context(), Session(engine) as db:
        organiser = create_user(db, SYSTEM, email="organiser@example.org", role=Role.ORGANISER, password=PASSWORD,
                                name="Olive Organiser")
        secretariat = create_user(db, SYSTEM, email="secretariat@example.org", role=Role.SECRETARIAT,
                                  password=PASSWORD, name="Sam Secretariat")
        db.flush()
        sides = {word: build_event(db, word, n, organiser, secretariat) for n, word in enumerate(("Alpha", "Bravo"))}
        db.commit()
    return sides


def b_arguments(side: Side) -> dict:
    token = {f"token={name}": (lambda world, t=t: t) for name, t in side.feed_tokens.items()}
    one = {"slug": side.slug, "session_id": side.session_id, "reference": side.reference,
           "milestone_id": side.milestone_id, "update_id": side.update_id, "invitation_id": side.invitation_id,
           "tool_id": side.tool_id}
    return {**{name: {"": (lambda world, v=value: v)} for name, value in one.items()}, "token": token}


def b_cases(app: Flask, arguments: dict) -> list[Case]:
    """Every GET of the URL map that belongs to an event (by slug) or is a calendar feed, with B's values."""
    return [case for case in rule_cases(app, arguments) if case.method == "GET" and not case.unknown
            and ("slug" in dict(case.variant) or case.endpoint == "calendar.feed")]


@pytest.mark.parametrize("email", ["organiser@example.org", "secretariat@example.org", "delegate@bravo.example"])
def test_nothing_of_event_a_appears_under_event_b(app, two_events, email):
    bravo = two_events["Bravo"]
    arguments = b_arguments(bravo)
    cases = b_cases(app, arguments)
    assert {"report.report_data", "commitment_follow.export", "invitations.export", "calendar.feed",
            "calendar.agenda_ics", "series.report", "series.review"} <= {case.endpoint for case in cases}
    client = app.test_client()
    assert client.sign_in(email).status_code == 303
    leaks, opened, bravo_seen = [], 0, set()
    for case in cases:
        url = case.url(app, None, arguments)
        response = client.get(url)
        if response.status_code != 200:
            continue
        opened += 1
        body = response.get_data().decode("utf-8", "replace")  # PDFs are bytes
        body = SWITCHER.sub("", body)  # the event switcher lists every event, by design
        leaks += [f"{url} shows {marker}" for marker in A_MARKERS if marker in body]
        if case.endpoint not in LISTS_THE_DIRECTORY:
            outside_choices = SELECTS.sub("", body)
            leaks += [f"{url} shows {marker}" for marker in A_DIRECTORY if marker in outside_choices]
        bravo_seen |= {marker.replace("Alpha", "Bravo") for marker in A_MARKERS + A_DIRECTORY
                       if marker.replace("Alpha", "Bravo") in body}
    assert leaks == [], "\n".join(leaks)
    assert opened >= 20
    # the check can see: B's own data shows on B's pages
    assert {"Bravo keynote", "Bravo promise", "Bravo Hall", "Bravocorp"} <= bravo_seen


def test_the_event_switcher_lists_both_events_and_each_home_is_its_own(app, two_events):
    client = app.test_client()
    assert client.sign_in("organiser@example.org").status_code == 303
    page = client.get("/events/bravo-summit").get_data(as_text=True)
    assert 'href="/events/alpha-summit"' in page and 'href="/events/bravo-summit" aria-current="true"' in page
    assert 'href="/events/bravo-summit/agenda"' in page  # the navigation follows the event in the URL
    assert 'href="/events/alpha-summit/agenda"' not in page

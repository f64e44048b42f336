"""Dietary and access needs are for organisers only: no page, CSV or JSON shows them to the secretariat or to another
delegate. Every GET route of the URL map is requested, with the access test's world (tests/access_fixtures.py)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from summit.audit import SYSTEM
from summit.events.models import Person
from summit.invitations.models import Answer, Invitation
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from tests.access_fixtures import build_world, rule_cases, summit_app
from tests.conftest import clean_database
from tests.test_invitations import latest_link
from tests.test_url_map_access import ARGUMENTS

DIETARY = "Needs-marker: no sesame whatsoever"
ACCESS = "Needs-marker: step-free route to the stage"


def bodies_seen_by(app, world, email: str) -> dict[str, str]:
    """Every GET case of the URL map as this account, after signing in: url -> body."""
    client = app.test_client()
    assert client.sign_in(email).status_code == 303
    seen = {}
    for case in rule_cases(app, ARGUMENTS):
        if case.method == "GET" and not case.unknown and case.endpoint != "static":
            url = case.url(app, world, ARGUMENTS)
            seen[url] = client.get(url).get_data().decode("utf-8", "replace")  # a PDF is bytes
    return seen


@pytest.fixture
def world_with_needs(template_database, tmp_path):
    app = summit_app(clean_database(template_database, tmp_path), tmp_path)
    try:
        world = build_world(app, public_agenda=True)
        with app.test_request_context(), Session(app.extensions["summit.engine"]) as db:
            for email in (world.emails["delegate_a"], world.emails["delegate_b"]):
                invitation = db.scalar(select(Invitation).join(Person).where(Person.email == email))
                respond(db, SYSTEM, invitation, Reply(Answer.ACCEPT, dietary=["vegetarian"], dietary_other=DIETARY,
                                                      access_needs=ACCESS, listed_consent=True))
            db.commit()
        yield app, world
    finally:
        app.extensions["summit.engine"].dispose()


def test_secretariat_and_other_delegates_never_see_needs_in_any_page_csv_or_json(world_with_needs):
    app, world = world_with_needs
    organiser = bodies_seen_by(app, world, world.emails["organiser"])
    assert any(DIETARY in body and ACCESS in body for body in organiser.values()), "organisers see needs"
    for visitor in ("secretariat", "delegate_a"):
        for url, body in bodies_seen_by(app, world, world.emails[visitor]).items():
            # delegate A may read their own answer (RSVP page, own data download); never anyone else's
            own_page = visitor == "delegate_a" and url.startswith(("/rsvp", "/profile/my-data"))
            if not own_page:
                assert DIETARY not in body and ACCESS not in body, f"{visitor} sees needs at {url}"


def test_the_privacy_notice_is_public_and_linked_from_every_footer_and_the_rsvp_consent(client, make_event, dbs,
                                                                                          make_organisation, app):
    event = make_event(contact_email="privacy@summit.example")
    with app.test_request_context():
        invite(dbs, SYSTEM, event, name="Rep One", email="rep@example.org",
               organisation_name=make_organisation("Roblox").name, job_title="Engineer")
        dbs.commit()
    page = client.get("/privacy").get_data(as_text=True)
    assert "How long we keep it" in page and "mailto:privacy@summit.example" in page
    assert "30 days after the event ends" in page  # the needs period, from the settings
    assert 'href="/privacy"' in client.get("/login").get_data(as_text=True)
    client.get(latest_link(dbs, "rep@example.org"))
    rsvp = client.get("/rsvp").get_data(as_text=True)
    consent_part = rsvp.split('id="listed_consent"', 1)[1]
    assert 'href="/privacy"' in consent_part.split("</form>", 1)[0]

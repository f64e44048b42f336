"""Erasing a person: afterwards a full dump of the database (every table and column, the audit log and the outbox
included) holds neither their email nor their name; their organisation keeps its commitments; counts stay right."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from summit.agenda.signups import sign_up
from summit.audit import SYSTEM, Actor
from summit.calendar.models import FeedScope
from summit.calendar.services import issue_feed
from summit.commitments.models import Commitment, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.invitations.models import Answer, Invitation, InvitationStatus
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.privacy.erasure import erase_person
from tests.conftest import PASSWORD
from tests.db_dump import dump

NAME, EMAIL = "Zelda Quokkafeather", "zelda.quokkafeather@example.org"


@pytest.fixture
def zelda(app, dbs, agenda_event, make_session, make_organisation, make_user):
    """A delegate who has done everything Summit records: invited, answered with needs, signed in (and mistyped),
    signed up, subscribed, and named as a commitment's contact; an organiser acted on her invitation."""
    company = make_organisation("Roblox", quota=3)
    user = make_user(email=EMAIL, organisation=company, name=NAME)
    item = make_session()
    with app.test_request_context():
        invitation = invite(dbs, SYSTEM, agenda_event, name=NAME, email=EMAIL, organisation_name=company.name)
        respond(dbs, Actor.of(user), invitation, Reply(Answer.ACCEPT, dietary_other="No sesame", listed_consent=True,
                                                        comment=f"{NAME} arrives late"))
        sign_up(dbs, Actor.of(user), item, user.person)
        issue_feed(dbs, Actor.of(user), user, agenda_event, FeedScope.MY_AGENDA)
        create_commitment(dbs, Actor.of(user), agenda_event, CommitmentFields(
            title="Share grooming classifiers", expectation=Expectation.SHARE_PRACTICE,
            lead_organisation_id=company.id, contact_person_id=user.person_id))
        dbs.commit()
    client = app.test_client()
    assert client.sign_in(EMAIL, "not the password").status_code != 303
    assert client.sign_in(EMAIL, PASSWORD).status_code == 303
    return user


def test_after_erasure_no_table_holds_the_email_or_the_name(app, dbs, zelda, runner):
    before = dump(dbs)
    assert EMAIL in before and NAME in before  # the check can fail
    seats = dbs.scalar(select(func.count()).select_from(Invitation).where(Invitation.holds_seat))
    result = runner.invoke(args=["people", "erase", EMAIL], input="y\n")
    assert result.exit_code == 0, result.output
    assert "session sign-up" in result.output and "Erased person #" in result.output
    after = dump(dbs)
    assert EMAIL not in after.lower() and NAME.lower() not in after.lower()
    assert "Quokkafeather".lower() not in after.lower() and "No sesame" not in after
    assert f"Erased person #{zelda.person_id}" in after
    [invitation] = dbs.scalars(select(Invitation)).all()
    assert invitation.status is InvitationStatus.ACCEPTED  # the seat and counts stay
    assert dbs.scalar(select(func.count()).select_from(Invitation).where(Invitation.holds_seat)) == seats
    assert dbs.scalar(select(func.count()).select_from(Commitment)) == 1  # the organisation keeps its commitment
    assert app.test_client().sign_in(EMAIL, PASSWORD).status_code != 303


def test_erasure_needs_confirmation(app, dbs, zelda, runner):
    assert runner.invoke(args=["people", "erase", EMAIL], input="n\n").exit_code != 0
    assert EMAIL in dump(dbs)


def test_erase_person_service_audits_by_number_only(app, dbs, zelda):
    erase_person(dbs, SYSTEM, zelda.person)
    dbs.commit()
    assert EMAIL not in dump(dbs)


def test_an_organiser_erases_after_a_confirmation_that_names_what_goes(app, dbs, zelda, organiser_client,
                                                                        agenda_event):
    invitation = dbs.scalar(select(Invitation))
    url = f"/events/{agenda_event.slug}/invitations/{invitation.id}/erase-person"
    page = organiser_client.get(url).get_data(as_text=True)
    assert "1 session sign-up(s)" in page and "password" in page and "commitments stay" in page
    assert organiser_client.post_form(url).status_code == 422  # not confirmed: nothing goes
    assert EMAIL in dump(dbs)
    response = organiser_client.post_form(url, {"confirm": "y"})
    assert response.status_code == 303
    assert EMAIL not in dump(dbs)
    detail = organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"Erased person #{zelda.person_id}" in detail

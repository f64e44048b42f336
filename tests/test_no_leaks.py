"""What a hostile review found and what now holds: no restricted title or hidden text reaches a delegate through a
side door (history, the changes page, 'agreed in', the RSVP page), a second sign-in ends the first, a link to
someone else's invitation never replaces a signed-in person's own, and a forged choice is refused, not a 500."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from summit.agenda.models import SessionKind, Visibility
from summit.agenda.services import SessionFields, publish_agenda, update_session
from summit.audit import SYSTEM
from summit.commitments.models import CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, create_commitment, update_commitment
from summit.invitations.models import Invitation, InvitationStatus
from summit.invitations.services import invite
from tests.test_invitations import latest_link

SECRET_NOTE = "Internal: classifier misses 40 percent, do not publish"
LE_TITLE = "LE-ONLY: Operation Nightjar debrief"


def signed_in(app, user):
    client = app.test_client()
    assert client.sign_in(user.person.email).status_code == 303
    return client


@pytest.fixture
def police_and_other(make_organisation, make_delegate):
    police = make_organisation("Police", kind="law_enforcement", quota=5)
    return make_delegate(police), make_delegate(make_organisation("Other Co", quota=5))


def test_history_never_shows_values_written_while_the_commitment_was_hidden(app, dbs, agenda_event,
                                                                              police_and_other):
    _, other = police_and_other
    fields = CommitmentFields(title="Classifier licensing", expectation=Expectation.OFFER_TOOLS_FREE,
                              lead_organisation_id=other.organisation_id, description=SECRET_NOTE,
                              visibility=CommitmentVisibility.SECRETARIAT)
    with app.app_context():
        commitment = create_commitment(dbs, SYSTEM, agenda_event, fields)
        fields.description, fields.visibility = "License the classifier free of charge.", CommitmentVisibility.PUBLIC
        update_commitment(dbs, SYSTEM, commitment, fields)
        dbs.commit()
    page = signed_in(app, other).get(f"/events/{agenda_event.slug}/commitments/{commitment.reference}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "License the classifier" in html
    assert SECRET_NOTE not in html and "secretariat" not in html.split('id="history-heading"')[1]


def test_restricted_session_titles_stay_with_their_audience(app, dbs, agenda_event, make_session, police_and_other,
                                                            make_organisation):
    police, other = police_and_other
    briefing = make_session(LE_TITLE, visibility=Visibility.RESTRICTED, organisation_ids=[police.organisation_id])
    with app.app_context():
        publish_agenda(dbs, SYSTEM, agenda_event)
        commitment = create_commitment(dbs, SYSTEM, agenda_event, CommitmentFields(
            title="Faster referrals", expectation=Expectation.HELP_LAW_ENFORCEMENT,
            lead_organisation_id=other.organisation_id, session_id=briefing.id))
        dbs.commit()
    other_client = signed_in(app, other)
    detail = other_client.get(f"/events/{agenda_event.slug}/commitments/{commitment.reference}")
    assert detail.status_code == 200 and LE_TITLE not in detail.get_data(as_text=True)  # not "agreed in" it
    assert LE_TITLE in signed_in(app, police).get(
        f"/events/{agenda_event.slug}/commitments/{commitment.reference}").get_data(as_text=True)
    with app.app_context():  # later the session is retitled and opened to every delegate
        update_session(dbs, SYSTEM, briefing, SessionFields(
            title="Working with law enforcement", kind=SessionKind.WORKSHOP, starts_at=briefing.starts_at,
            ends_at=briefing.ends_at, visibility=Visibility.DELEGATES, room_id=briefing.room_id))
        publish_agenda(dbs, SYSTEM, agenda_event)
        dbs.commit()
    changes = other_client.get(f"/events/{agenda_event.slug}/agenda/changes").get_data(as_text=True)
    assert "Working with law enforcement" in changes and LE_TITLE not in changes


def test_a_leaver_sees_only_public_highlights_on_the_rsvp_page(app, dbs, agenda_event, make_session,
                                                               police_and_other):
    police, _ = police_and_other
    make_session("Delegates-only keynote", kind=SessionKind.KEYNOTE)
    make_session("Open keynote", kind=SessionKind.KEYNOTE, visibility=Visibility.PUBLIC, start_hour=14)
    client = signed_in(app, police)
    assert "Delegates-only keynote" in client.get("/rsvp").get_data(as_text=True)
    dbs.execute(update(Invitation).where(Invitation.person_id == police.person_id)
                .values(status=InvitationStatus.REVOKED))
    page = client.get("/rsvp").get_data(as_text=True)
    assert "Open keynote" in page and "Delegates-only keynote" not in page


def test_signing_in_again_ends_the_session_the_old_cookie_named(app, make_user):
    user = make_user("organiser")
    client = signed_in(app, user)
    cookie_name = app.config["SESSION_COOKIE_NAME"]
    first = client.get_cookie(cookie_name).value
    assert client.sign_in(user.person.email).status_code == 303
    replay = app.test_client()
    replay.set_cookie(cookie_name, first)
    assert replay.get("/admin/users").status_code == 302  # to the sign-in page


def test_a_link_to_someone_elses_invitation_never_replaces_your_own(app, dbs, agenda_event, police_and_other,
                                                                    make_organisation):
    police, _ = police_and_other
    with app.test_request_context():
        mallory = invite(dbs, SYSTEM, agenda_event, name="Mallory", email="mallory@other.example",
                         organisation_name=make_organisation("Mallory Ltd").name)
        dbs.commit()
    client = signed_in(app, police)
    client.get(latest_link(dbs, mallory.person.email))
    page = client.get("/rsvp").get_data(as_text=True)
    assert police.person.name in page and "Mallory" not in page


def test_a_forged_status_choice_is_refused_not_a_500(app, dbs, agenda_event, police_and_other):
    _, other = police_and_other
    with app.app_context():
        commitment = create_commitment(dbs, SYSTEM, agenda_event, CommitmentFields(
            title="Publish figures", expectation=Expectation.SHARE_PRACTICE,
            lead_organisation_id=other.organisation_id))
        dbs.commit()
    response = signed_in(app, other).post_form(
        f"/events/{agenda_event.slug}/commitments/{commitment.reference}/updates",
        {"text": "Done", "progress": 50, "proposed_status": "bogus"})
    assert response.status_code == 422 and "Not a valid choice" in response.get_data(as_text=True)


def test_a_seat_in_a_session_since_hidden_can_still_be_given_up(app, dbs, agenda_event, make_session,
                                                               police_and_other):
    from summit.agenda.models import AgendaSession, SignUp

    police, other = police_and_other
    item = make_session("Open workshop")
    client = signed_in(app, other)
    assert client.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/signup").status_code == 303
    dbs.execute(update(AgendaSession).where(AgendaSession.id == item.id).values(visibility=Visibility.RESTRICTED))
    assert client.get(f"/events/{agenda_event.slug}/sessions/{item.id}").status_code == 404
    assert client.post_form(f"/events/{agenda_event.slug}/sessions/{item.id}/leave").status_code == 303
    assert dbs.scalar(select(SignUp).where(SignUp.person_id == other.person_id)) is None

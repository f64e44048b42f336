"""Many events, one series: a new event from an earlier one, seats per event, who is inside which event."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from summit.agenda.models import Room, SessionKind, SessionStatus, Track, Visibility
from summit.agenda.services import SessionFields, create_room, create_session, create_track
from summit.audit import SYSTEM, AuditEntry
from summit.auth.models import Role
from summit.auth.permissions import viewer_for
from summit.auth.services import create_user
from summit.events.models import Event, EventOrganisation
from summit.events.participation import set_event_quota
from summit.events.services import current_event
from summit.invitations.models import Answer, Invitation, InvitationStatus
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.questions.letters import letter_settings, save_letter_settings
from summit.questions.models import QuestionAnswer, QuestionKind
from summit.questions.services import QuestionFields, add_question, questions_of
from tests.conftest import PASSWORD
from tests.series_fixtures import client_for

# ---- events and series ---------------------------------------------------------------------------------------

def test_an_event_made_from_scratch_starts_a_series_of_its_own(dbs, first):
    assert first.series.name == "Redmond summit 2018"
    assert [e.slug for e in first.series.events] == ["summit-2018"]


def test_an_organiser_makes_a_second_event_from_the_first_with_its_rooms_tracks_and_seats_but_no_people(
        app, dbs, first, company, make_organisation, make_user):
    with app.test_request_context():
        create_room(dbs, SYSTEM, first, name="Cascade", capacity=40)
        create_track(dbs, SYSTEM, first, name="Detection", colour="#123456")
        set_event_quota(dbs, SYSTEM, first, company, 4)
        invitation = invite(dbs, SYSTEM, first, name="Ada", email="ada@roblox.example", organisation_name="Roblox")
        respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT, dietary=["vegan"]))
        add_question(dbs, SYSTEM, first, QuestionFields(kind=QuestionKind.SHORT_TEXT, label="Full name as on your ID",
                                                        required=True, name_on_id=True))
        add_question(dbs, SYSTEM, first, QuestionFields(kind=QuestionKind.ONE_CHOICE, label="Hotel",
                                                        options=["Westin", "Hyatt"]))
        save_letter_settings(dbs, SYSTEM, first, letterhead="Home Office and Microsoft", purpose="A hackathon.",
                             signer_name="A. Host", signer_title="Director")
        dbs.commit()
    make_organisation("Not taking part")
    organiser = client_for(app, make_user, "organiser")

    page = organiser.get("/events/new?from=summit-2018").get_data(as_text=True)
    assert 'value="Building 33"' in page and 'value="Redmond summit 2018"' in page  # venue and series prefilled

    start = first.starts_at + timedelta(days=365)
    response = organiser.post_form("/events/new", {
        "copy_from": "summit-2018", "series_name": "Redmond summit 2018", "name": "Redmond summit 2019",
        "slug": "summit-2019", "venue": "Building 92", "city": "Redmond, WA", "timezone": "America/Los_Angeles",
        "starts_at": start.strftime("%Y-%m-%dT09:00"), "ends_at": start.strftime("%Y-%m-%dT17:00"),
        "rsvp_deadline": (start - timedelta(days=10)).strftime("%Y-%m-%dT17:00")})
    assert response.status_code == 303 and response.headers["Location"].endswith("/events/summit-2019")

    dbs.expire_all()
    second = dbs.scalar(select(Event).where(Event.slug == "summit-2019"))
    assert second.series_id == first.series_id
    assert [(r.name, r.capacity) for r in dbs.scalars(select(Room).where(Room.event_id == second.id))] == [
        ("Cascade", 40)]
    assert [t.name for t in dbs.scalars(select(Track).where(Track.event_id == second.id))] == ["Detection"]
    seats = dbs.execute(select(EventOrganisation.organisation_id, EventOrganisation.delegate_quota)
                        .where(EventOrganisation.event_id == second.id)).all()
    assert seats == [(company.id, 4)]  # only organisations taking part in the first, with their seats there
    assert dbs.scalar(select(func.count(Invitation.id)).where(Invitation.event_id == second.id)) == 0
    copied = questions_of(dbs, second)  # the questions come, in order and with their settings; no answers
    assert [(q.label, q.required, q.name_on_id, q.options) for q in copied] == [
        ("Full name as on your ID", True, True, []), ("Hotel", False, False, ["Westin", "Hyatt"])]
    assert dbs.scalar(select(func.count(QuestionAnswer.id)).where(
        QuestionAnswer.question_id.in_([q.id for q in copied]))) == 0
    assert letter_settings(dbs, second).signer_name == "A. Host"
    assert dbs.scalar(select(AuditEntry).where(AuditEntry.action == "event.copy")).after == {
        "source_event_id": first.id}
    home = organiser.get("/events/summit-2019").get_data(as_text=True)
    assert "Redmond summit 2019" in home and "Redmond summit 2018" in home  # the switcher lists both


def test_a_new_event_with_a_taken_address_is_refused_and_keeps_what_was_typed(app, first, make_user):
    organiser = client_for(app, make_user, "organiser")
    response = organiser.post_form("/events/new", {
        "copy_from": "", "series_name": "Progress reviews", "name": "Another", "slug": "summit-2018",
        "venue": "V", "city": "C", "timezone": "Europe/London", "starts_at": "2031-01-01T09:00",
        "ends_at": "2031-01-01T17:00", "rsvp_deadline": "2030-12-01T17:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "An event with the address summit-2018 already exists." in page and 'value="Progress reviews"' in page


def test_seats_belong_to_each_event(app, dbs, first, later, company):
    with app.test_request_context():
        set_event_quota(dbs, SYSTEM, first, company, 1)
        set_event_quota(dbs, SYSTEM, later, company, 2)
        answers = {}
        for event in (first, later):
            for n in (1, 2):
                invitation = invite(dbs, SYSTEM, event, name=f"Rep {n}", email=f"rep{n}@roblox.example",
                                    organisation_name="Roblox")
                answers[event.slug, n] = respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT))
        dbs.commit()
    assert answers == {("summit-2018", 1): InvitationStatus.ACCEPTED, ("summit-2018", 2): InvitationStatus.WAITLISTED,
                       ("review-2019", 1): InvitationStatus.ACCEPTED, ("review-2019", 2): InvitationStatus.ACCEPTED}


def test_an_organiser_raises_seats_at_one_event_and_its_waiting_list_moves(app, dbs, first, company, make_user):
    with app.test_request_context():
        set_event_quota(dbs, SYSTEM, first, company, 1)
        people = [invite(dbs, SYSTEM, first, name=f"Rep {n}", email=f"rep{n}@roblox.example",
                         organisation_name="Roblox") for n in (1, 2)]
        for invitation in people:
            respond(dbs, SYSTEM, invitation, Reply(Answer.ACCEPT))
        dbs.commit()
    organiser = client_for(app, make_user, "organiser")
    assert "Roblox" in organiser.get("/events/summit-2018/organisations").get_data(as_text=True)
    bad = organiser.post_form("/events/summit-2018/organisations", {
        f"o{company.id}-organisation_id": company.id, f"o{company.id}-delegate_quota": "-1"})
    assert bad.status_code == 422 and 'value="-1"' in bad.get_data(as_text=True)
    organiser.post_form("/events/summit-2018/organisations", {
        f"o{company.id}-organisation_id": company.id, f"o{company.id}-delegate_quota": "2"})
    dbs.expire_all()
    assert dbs.get(Invitation, people[1].id).status is InvitationStatus.ACCEPTED
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "event_organisation.update"))
    assert entry.before == {"organisation_id": company.id, "delegate_quota": 1}

# ---- taking part decides who is inside an event -------------------------------------------------------------

def test_a_delegate_is_inside_only_events_their_organisation_takes_part_in(app, dbs, first, later, make_user,
                                                                           make_organisation):
    snap = make_organisation("Snap")
    delegate = make_user("delegate", organisation=snap)
    with app.test_request_context():
        create_session(dbs, SYSTEM, later, SessionFields(
            title="Delegates-only working lunch", kind=SessionKind.WORKSHOP, starts_at=later.starts_at,
            ends_at=later.starts_at + timedelta(hours=1), visibility=Visibility.DELEGATES),
            status=SessionStatus.PUBLISHED)
        set_event_quota(dbs, SYSTEM, first, snap, 2)
        dbs.commit()
        assert viewer_for(delegate, first, dbs).inside and not viewer_for(delegate, later, dbs).inside
    client = app.test_client()
    assert client.sign_in(delegate.person.email).status_code == 303
    assert "Delegates-only working lunch" not in client.get("/events/review-2019/agenda").get_data(as_text=True)
    with app.test_request_context():
        set_event_quota(dbs, SYSTEM, later, snap, 1)
        dbs.commit()
    assert "Delegates-only working lunch" in client.get("/events/review-2019/agenda").get_data(as_text=True)


def test_the_site_is_about_the_next_event_to_end_and_each_person_sees_their_own_invitation(
        app, dbs, first, later, company, make_user):
    assert current_event(dbs).slug == "summit-2018"  # under way or coming, and ends first
    assert current_event(dbs, later.starts_at).slug == "review-2019"
    assert current_event(dbs, later.ends_at + timedelta(days=1)).slug == "review-2019"  # all over: the latest
    with app.test_request_context():
        invite(dbs, SYSTEM, later, name="Rep", email="rep@roblox.example", organisation_name="Roblox")
        dbs.commit()
    with app.test_request_context():
        create_user(dbs, SYSTEM, email="rep@roblox.example", role=Role.DELEGATE, password=PASSWORD, name="Rep",
                    organisation_name="Roblox")
        dbs.commit()
    client = app.test_client()
    assert client.sign_in("rep@roblox.example").status_code == 303
    assert "Six-month review" in client.get("/rsvp").get_data(as_text=True)  # invited to the later one only


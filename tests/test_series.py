"""Many events, one series: a new event from an earlier one, seats per event, the review of inherited commitments
at a later meeting, and the series report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from summit.agenda.models import Room, SessionKind, SessionStatus, Track, Visibility
from summit.agenda.services import SessionFields, create_room, create_session, create_track
from summit.audit import SYSTEM, AuditEntry
from summit.auth.models import Role
from summit.auth.permissions import viewer_for
from summit.auth.services import create_user
from summit.commitments.models import Commitment, CommitmentStatus, CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.events.models import Event, EventOrganisation, Series
from summit.events.participation import set_event_quota
from summit.events.services import current_event, find_or_create_series
from summit.invitations.models import Answer, Invitation, InvitationStatus
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.series.models import CommitmentReview, ReviewOutcome
from summit.series.reporting import moved_forward, series_report
from summit.series.services import ReviewError, create_event_from, record_review, review_list
from tests.conftest import PASSWORD

S = CommitmentStatus


@pytest.fixture
def first(make_event):
    return make_event(slug="summit-2018", name="Redmond summit 2018", starts_in=timedelta(days=20))


@pytest.fixture
def company(make_organisation):
    return make_organisation("Roblox", quota=2)


@pytest.fixture
def later(app, dbs, first):
    """A second meeting of the first one's series, six months on (made by the service, copying nothing)."""
    with app.test_request_context():
        start = first.starts_at + timedelta(days=180)
        event = create_event_from(dbs, SYSTEM, None, series_name=first.series.name, slug="review-2019",
                                  name="Six-month review", venue="Home Office", city="London",
                                  timezone="Europe/London", starts_at=start, ends_at=start + timedelta(hours=8),
                                  rsvp_deadline=start - timedelta(days=7))
        dbs.commit()
    return event


@pytest.fixture
def make_commitment(app, dbs, first, company):
    def make(title, event=None, visibility=CommitmentVisibility.PUBLIC, status=S.AGREED, due_on=None, lead=None):
        fields = CommitmentFields(title=title, expectation=Expectation.OFFER_TOOLS_FREE,
                                  lead_organisation_id=(lead or company).id, visibility=visibility, status=status,
                                  due_on=due_on)
        with app.app_context():
            commitment = create_commitment(dbs, SYSTEM, event or first, fields)
            dbs.commit()
        return commitment

    return make


def client_for(app, make_user, role):
    client = app.test_client()
    assert client.sign_in(make_user(role).person.email).status_code == 303
    return client


def row_form(commitment, **fields):
    prefix = f"c{commitment.id}"
    data = {f"{prefix}-commitment_id": commitment.id, f"{prefix}-status": "agreed",
            f"{prefix}-outcome": "carried_forward", f"{prefix}-note": "", f"{prefix}-new_due_on": ""}
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


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


# ---- the review at a later meeting ---------------------------------------------------------------------------

def test_a_later_meeting_lists_the_open_commitments_of_earlier_ones_only(app, dbs, first, later, make_commitment):
    open_one = make_commitment("Offer the classifier free")
    make_commitment("Dropped idea", status=S.WITHDRAWN)
    secret = make_commitment("Quiet promise", visibility=CommitmentVisibility.SECRETARIAT)
    make_commitment("Made at the review itself", event=later)
    with app.test_request_context():
        other = create_event_from(dbs, SYSTEM, None, series_name="Another series", slug="elsewhere",
                                  name="Elsewhere", venue="V", city="C", timezone="UTC",
                                  starts_at=first.starts_at, ends_at=first.ends_at, rsvp_deadline=first.rsvp_deadline)
        dbs.commit()
    make_commitment("Another series' promise", event=other)
    assert [row.commitment.id for row in review_list(dbs, later)] == [open_one.id, secret.id]
    assert review_list(dbs, first) == []  # the first meeting has nothing to inherit


def test_the_secretariat_records_status_and_note_row_by_row(app, dbs, first, later, make_commitment, make_user):
    due = later.starts_at.date() - timedelta(days=30)
    new_due = later.starts_at.date() + timedelta(days=90)
    one = make_commitment("Offer the classifier free", due_on=due)
    two = make_commitment("Publish transparency figures")
    secretariat = client_for(app, make_user, "secretariat")
    page = secretariat.get("/events/review-2019/review").get_data(as_text=True)
    assert "Offer the classifier free" in page and "Publish transparency figures" in page

    missing_date = secretariat.post_form("/events/review-2019/review", row_form(one, status="at_risk",
                                                                                 outcome="overdue", note="Slipped"))
    html = missing_date.get_data(as_text=True)
    assert missing_date.status_code == 422 and "Give the new due date" in html and 'value="Slipped"' in html

    response = secretariat.post_form("/events/review-2019/review", row_form(
        one, status="at_risk", outcome="overdue", note="Licensing took longer", new_due_on=new_due.isoformat()))
    assert response.status_code == 303 and response.headers["Location"].endswith(f"#review-{two.id}")
    dbs.expire_all()
    entry = dbs.scalar(select(CommitmentReview))
    assert (entry.event_id, entry.status, entry.previous_status, entry.outcome, entry.new_due_on, entry.note) == (
        later.id, S.AT_RISK, S.AGREED, ReviewOutcome.OVERDUE, new_due, "Licensing took longer")
    commitment = dbs.get(Commitment, one.id)
    assert commitment.status is S.AT_RISK and commitment.due_on == due  # the original due date stays
    page = secretariat.get("/events/review-2019/review").get_data(as_text=True)
    assert f"due {due.isoformat()} (now {new_due.isoformat()})" in page
    audit = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "commitment_review.create"))
    assert audit.actor_id is not None and "Licensing" not in str(audit.after)  # no free text in the log

    bad_move = secretariat.post_form("/events/review-2019/review", row_form(two, status="proposed"))
    assert bad_move.status_code == 422 and "can move only to" in bad_move.get_data(as_text=True)


def test_closed_commitments_are_not_inherited_by_the_next_meeting(app, dbs, first, later, make_commitment):
    closed = make_commitment("Delivered and done")
    carried = make_commitment("Still going")
    with app.test_request_context():
        record_review(dbs, SYSTEM, later, dbs.get(Commitment, closed.id), status=S.DELIVERED,
                      outcome=ReviewOutcome.CLOSED, note="Shipped")
        record_review(dbs, SYSTEM, later, dbs.get(Commitment, carried.id), status=S.IN_PROGRESS,
                      outcome=ReviewOutcome.CARRIED_FORWARD)
        start = later.starts_at + timedelta(days=180)
        third = create_event_from(dbs, SYSTEM, later, series_name=first.series.name, slug="summit-2019",
                                  name="Second summit", venue="V", city="C", timezone="UTC", starts_at=start,
                                  ends_at=start + timedelta(hours=8), rsvp_deadline=start - timedelta(days=5))
        dbs.commit()
        assert [row.commitment.id for row in review_list(dbs, later)] == [closed.id, carried.id]  # both, as recorded
        assert [row.commitment.id for row in review_list(dbs, third)] == [carried.id]
        with pytest.raises(ReviewError):
            record_review(dbs, SYSTEM, third, dbs.get(Commitment, closed.id), status=S.DELIVERED,
                          outcome=ReviewOutcome.CLOSED)


# ---- the series report ---------------------------------------------------------------------------------------

def test_moved_forward_is_further_along_and_withdrawal_is_not():
    assert moved_forward(S.AGREED, S.IN_PROGRESS) and moved_forward(S.AT_RISK, S.DELIVERED)
    assert not moved_forward(S.IN_PROGRESS, S.AT_RISK) and not moved_forward(S.AGREED, S.WITHDRAWN)
    assert not moved_forward(S.IN_PROGRESS, S.IN_PROGRESS)


def test_the_public_series_report_shows_each_commitment_at_each_meeting(
        app, dbs, client, first, later, make_commitment, make_organisation):
    other = make_organisation("Snap")
    forward = make_commitment("Offer the classifier free")
    stalled = make_commitment("Publish transparency figures", lead=other)
    secret = make_commitment("Quiet promise", visibility=CommitmentVisibility.SECRETARIAT)
    with app.test_request_context():
        for commitment, status in ((forward, S.IN_PROGRESS), (stalled, S.AGREED), (secret, S.IN_PROGRESS)):
            record_review(dbs, SYSTEM, later, dbs.get(Commitment, commitment.id), status=status,
                          outcome=ReviewOutcome.CARRIED_FORWARD)
        dbs.commit()
    report = series_report(dbs, later)
    assert [t.commitment.title for t in report.timelines] == ["Offer the classifier free",
                                                              "Publish transparency figures"]
    assert [(s.meeting.slug, s.made_here, s.status) for s in report.timelines[0].steps] == [
        ("summit-2018", True, None), ("review-2019", False, S.IN_PROGRESS)]
    assert report.forward_by_organisation == [("Roblox", 1, 1), ("Snap", 0, 1)]

    page = client.get("/events/summit-2018/series").get_data(as_text=True)  # public, from either meeting
    assert "Six-month review</strong>:" in page and "in progress" in page and "moved forward" in page
    assert "Quiet promise" not in page
    assert dbs.scalar(select(func.count(Series.id))) == 1
    assert find_or_create_series(dbs, SYSTEM, "redmond SUMMIT 2018").id == first.series_id


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


@pytest.mark.clock
def test_the_demo_series_has_a_review_meeting_that_inherits_the_summits_open_commitments(app, dbs):
    from seeds.loader import load_demo
    from summit.events.services import get_event

    with app.app_context():
        summary = load_demo(dbs, app.config)
    assert "1 follow-up meeting" in summary
    summit, review = get_event(dbs, "redmond-summit"), get_event(dbs, "london-progress-review")
    assert summit.series_id == review.series_id and summit.series.name == "Industry summits on online grooming"
    inherited = review_list(dbs, review)
    assert inherited and {row.made_at.slug for row in inherited} == {"redmond-summit"}
    assert all(row.commitment.status not in (S.VERIFIED, S.WITHDRAWN) for row in inherited)
    assert dbs.scalar(select(func.count(Room.id)).where(Room.event_id == review.id)) > 0

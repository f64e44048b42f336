"""Many events, one series: the review of inherited commitments at a later meeting, and the series report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from summit.agenda.models import Room
from summit.audit import SYSTEM, AuditEntry
from summit.commitments.models import Commitment, CommitmentStatus, CommitmentVisibility
from summit.events.models import Series
from summit.events.services import find_or_create_series
from summit.series.models import CommitmentReview, ReviewOutcome
from summit.series.reporting import moved_forward, series_report
from summit.series.services import ReviewError, create_event_from, record_review, review_list
from tests.series_fixtures import client_for, row_form

S = CommitmentStatus


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
    assert response.status_code == 303 and response.headers["Location"].endswith(f"?next={two.id}")
    ready = secretariat.get(f"/events/review-2019/review?next={two.id}").get_data(as_text=True)
    assert f'autofocus id="c{two.id}-status"' in ready and ready.count("autofocus") == 1
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

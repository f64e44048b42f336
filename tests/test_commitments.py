"""The commitments story: recorded in the room, reported on with evidence, verified, chased, published."""

from __future__ import annotations

import io
import re
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from summit.audit import SYSTEM, AuditEntry
from summit.clock import today_for, utcnow
from summit.commitments.models import (
    Commitment,
    CommitmentStatus,
    CommitmentVisibility,
    Expectation,
    UpdateState,
)
from summit.commitments.models import CommitmentStatus as S
from summit.commitments.reminders import send_commitment_reminders
from summit.commitments.rules import can_move, is_overdue, reminder_due, transition_problem
from summit.commitments.services import CommitmentFields, create_commitment, overdue
from summit.mail.models import OutboxMessage


@pytest.fixture
def event(make_event):
    return make_event(slug="follow-up")


@pytest.fixture
def company_a(make_organisation):
    return make_organisation("Company A")


@pytest.fixture
def company_b(make_organisation):
    return make_organisation("Company B")


@pytest.fixture
def make_commitment(app, dbs, event, company_a):
    def make(title="Publish transparency figures", organisation=None, visibility=CommitmentVisibility.PUBLIC,
             status=CommitmentStatus.AGREED, due_on=None, contact=None, **extra):
        owner = organisation or company_a
        fields = CommitmentFields(title=title, expectation=Expectation.SHARE_PRACTICE, lead_organisation_id=owner.id,
                                  visibility=visibility, status=status, due_on=due_on,
                                  contact_person_id=contact.id if contact else None, **extra)
        with app.app_context():
            commitment = create_commitment(dbs, SYSTEM, event, fields)
            dbs.commit()
        return commitment

    return make


def client_for(app, user):
    client = app.test_client()
    assert client.sign_in(user.person.email).status_code == 303
    return client


# ---- pure rules ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("current, new, allowed", [
    (S.PROPOSED, S.AGREED, True), (S.PROPOSED, S.DELIVERED, False), (S.AGREED, S.IN_PROGRESS, True),
    (S.IN_PROGRESS, S.AT_RISK, True), (S.AT_RISK, S.DELIVERED, True), (S.DELIVERED, S.VERIFIED, True),
    (S.VERIFIED, S.AGREED, False), (S.WITHDRAWN, S.DELIVERED, False), (S.AGREED, S.AGREED, True),
])
def test_status_transitions(current, new, allowed):
    assert can_move(current, new) is allowed


def test_only_the_secretariat_may_verify():
    problem = transition_problem(S.DELIVERED, S.VERIFIED, secretariat=False)
    assert problem == "Only the secretariat verifies a commitment."
    assert transition_problem(S.DELIVERED, S.VERIFIED, secretariat=True) is None


@pytest.mark.parametrize("status, overdue_", [(S.AGREED, True), (S.AT_RISK, True), (S.DELIVERED, False),
                                              (S.VERIFIED, False), (S.WITHDRAWN, False)])
def test_overdue_is_derived_from_status_and_due_date(status, overdue_):
    assert is_overdue(status, date(2030, 6, 30), date(2030, 7, 1)) is overdue_
    assert is_overdue(status, date(2030, 6, 30), date(2030, 6, 30)) is False  # due today is not late


def test_overdue_turns_at_midnight_in_the_event_timezone(dbs, event, make_commitment):
    commitment = make_commitment(due_on=date(2030, 6, 30))
    # 07:30 UTC on 1 July is still 30 June (00:30 PDT) in Los Angeles: not overdue yet
    assert not overdue(commitment, event, datetime(2030, 7, 1, 6, 30, tzinfo=timezone.utc))
    # 07:30 UTC is 00:30 on 1 July in Los Angeles: overdue
    assert overdue(commitment, event, datetime(2030, 7, 1, 7, 30, tzinfo=timezone.utc))


def test_reminder_rules():
    today = date(2030, 6, 1)
    assert reminder_due(S.AGREED, date(2030, 6, 10), today, 14, None) == "soon"
    assert reminder_due(S.AGREED, date(2030, 7, 10), today, 14, None) is None
    assert reminder_due(S.AGREED, date(2030, 5, 10), today, 14, None) == "overdue"
    assert reminder_due(S.AGREED, date(2030, 5, 10), today, 14, today) is None  # once a day
    assert reminder_due(S.DELIVERED, date(2030, 5, 10), today, 14, None) is None


# ---- access -----------------------------------------------------------------------------------------------

def test_a_delegate_sees_public_and_own_commitments_only(app, make_user, make_commitment, company_a, company_b,
                                                          event):
    theirs_public = make_commitment("B public", organisation=company_b)
    theirs_private = make_commitment("B participants", organisation=company_b,
                                     visibility=CommitmentVisibility.PARTICIPANTS)
    mine_private = make_commitment("A participants", visibility=CommitmentVisibility.PARTICIPANTS)
    internal = make_commitment("A internal", visibility=CommitmentVisibility.SECRETARIAT)
    client = client_for(app, make_user("delegate", organisation=company_a))
    base = f"/events/{event.slug}/commitments"
    assert client.get(f"{base}/{theirs_public.reference}").status_code == 200
    assert client.get(f"{base}/{theirs_private.reference}").status_code == 404
    assert client.get(f"{base}/{mine_private.reference}").status_code == 200
    assert client.get(f"{base}/{internal.reference}").status_code == 404
    assert client.get(f"{base}/C-999").status_code == 404
    listing = client.get(base).get_data(as_text=True)
    assert "A participants" in listing and "B participants" not in listing and "A internal" not in listing


def test_nobody_posts_to_another_organisations_commitment(app, dbs, make_user, make_commitment, company_a,
                                                          company_b, event):
    theirs = make_commitment("B public", organisation=company_b)
    hidden = make_commitment("B participants", organisation=company_b, visibility=CommitmentVisibility.PARTICIPANTS)
    client = client_for(app, make_user("delegate", organisation=company_a))
    base = f"/events/{event.slug}/commitments"
    response = client.post_form(f"{base}/{theirs.reference}/updates", {"text": "Hijack", "progress": 100})
    assert response.status_code == 403
    assert client.post_form(f"{base}/{hidden.reference}/updates", {"text": "x", "progress": 1}).status_code == 404
    assert client.get(f"{base}/{theirs.reference}/edit").status_code == 403
    assert client.get(f"{base}/new").status_code == 403
    assert dbs.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "commitment.update_posted")) == 0


# ---- recording ------------------------------------------------------------------------------------------------

def test_fast_capture_keeps_the_session_and_numbers_commitments(dbs, secretariat_client, company_a, make_session,
                                                                agenda_event):
    event = agenda_event
    item = make_session("Report-out")
    page = secretariat_client.get(f"/events/{event.slug}/commitments/capture?session={item.id}")
    assert f'<option selected value="{item.id}">' in page.get_data(as_text=True)
    assert "autofocus" in page.get_data(as_text=True)
    for title in ("License the classifier", "Publish figures"):
        response = secretariat_client.post_form(f"/events/{event.slug}/commitments/capture", {
            "title": title, "lead_organisation_id": company_a.id, "expectation": "offer_tools_free",
            "visibility": "public", "session_id": item.id, "due_on": "2031-01-31"})
        assert response.status_code == 303 and f"session={item.id}" in response.headers["Location"]
    page = secretariat_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "C-001" in page and "C-002" in page and "Captured C-002" in page
    assert dbs.scalars(select(Commitment.reference).order_by(Commitment.id)).all() == ["C-001", "C-002"]


def test_quick_capture_never_guesses_the_company_and_dates_sessions_as_the_room_does(dbs, secretariat_client,
                                                                                     company_a, make_session,
                                                                                     agenda_event):
    event = agenda_event
    from datetime import datetime as dt
    from datetime import time

    from summit.agenda.models import AgendaSession
    from summit.clock import to_utc

    evening = make_session("Evening reception")
    seven_pm = to_utc(dt.combine(event.local(event.starts_at).date(), time(19)), event.zone)  # next day in UTC
    dbs.execute(update(AgendaSession).where(AgendaSession.id == evening.id)
                .values(starts_at=seven_pm, ends_at=seven_pm + timedelta(hours=2)))
    page = secretariat_client.get(f"/events/{event.slug}/commitments/capture").get_data(as_text=True)
    lead = page.split('id="lead_organisation_id"')[1].split("</select>")[0]
    expectation = page.split('id="expectation"')[1].split("</select>")[0]
    assert lead.count("selected") == 1 and '<option selected value="">Choose the lead organisation' in lead
    assert "selected" not in expectation and '<option value="">Choose the expectation it serves' in expectation
    assert f"{event.local(seven_pm):%a %-d %b} · Evening reception" in page
    assert f"{seven_pm:%-d %b}" != f"{event.local(seven_pm):%-d %b}"
    response = secretariat_client.post_form(f"/events/{event.slug}/commitments/capture", {
        "title": "License the classifier", "lead_organisation_id": "", "expectation": "",
        "visibility": "public", "session_id": evening.id})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'value="License the classifier"' in html
    assert "Choose the lead organisation." in html and "Choose the expectation it serves." in html
    assert dbs.scalar(select(func.count(Commitment.id))) == 0


def test_a_red_rating_needs_a_reason_and_the_form_keeps_the_input(secretariat_client, event, company_a):
    response = secretariat_client.post_form(f"/events/{event.slug}/commitments/new", {
        "title": "Pilot live-stream detection", "lead_organisation_id": company_a.id, "expectation": "live_streaming",
        "visibility": "public", "session_id": 0, "status": "agreed", "progress": 10, "rag": "red"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Say why the rating is red or amber" in html and 'value="Pilot live-stream detection"' in html


# ---- progress, review, verification, history ------------------------------------------------------------------

@pytest.mark.clock
def test_an_update_with_evidence_is_reviewed_then_the_commitment_is_verified(app, dbs, make_user, make_commitment,
                                                                             company_a, event, secretariat_client,
                                                                             organiser_client):
    commitment = make_commitment(status=CommitmentStatus.IN_PROGRESS)
    delegate = client_for(app, make_user("delegate", organisation=company_a))
    base = f"/events/{event.slug}/commitments/{commitment.reference}"
    response = delegate.post_form(f"{base}/updates", {"text": "Figures published.", "progress": 100,
                                                      "evidence": "https://example.org/report-2030",
                                                      "proposed_status": "delivered"})
    assert response.status_code == 303
    bad = delegate.post_form(f"{base}/updates", {"text": "x", "progress": 50, "evidence": "javascript:alert(1)"},
                             follow_redirects=True)
    assert "Evidence must be web links" in bad.get_data(as_text=True)
    update = dbs.scalar(select(Commitment.__table__.c.id).limit(1))
    from summit.commitments.models import ProgressUpdate

    update = dbs.scalar(select(ProgressUpdate))
    assert update.state is UpdateState.PENDING
    assert secretariat_client.post_form(f"{base}/updates/{update.id}/review",
                                        {"decision": "accept", "comment": ""}).status_code == 303
    dbs.expire_all()
    saved = dbs.get(Commitment, commitment.id)
    assert saved.status is CommitmentStatus.DELIVERED and saved.progress == 100 and saved.delivered_on is not None

    # organisers are staff but not the secretariat: they cannot verify
    assert organiser_client.post_form(f"{base}/verify", {"evidence": "x"}).status_code == 403
    secretariat_client.post_form(f"{base}/verify", {"evidence": "Report checked against the published figures."})
    dbs.expire_all()
    saved = dbs.get(Commitment, commitment.id)
    assert saved.status is CommitmentStatus.VERIFIED and saved.verified_by_id is not None
    assert saved.verified_at is not None and "published figures" in saved.verification_evidence

    page = delegate.get(base).get_data(as_text=True)
    history = page.split('id="history-heading"')[1]
    for action in ("create", "update posted", "update accepted", "verify"):
        assert action in history
    # Owners see what happened and which fields changed; the values are for staff, since earlier ones may have been
    # written while the commitment was hidden from them.
    assert "Changed: " in history and "status" in history and "in_progress" not in history
    staff_history = secretariat_client.get(base).get_data(as_text=True).split('id="history-heading"')[1]
    assert "In progress" in staff_history and "Verified" in staff_history  # values in words (issue 12)


def test_a_returned_update_changes_nothing_and_carries_the_comment(app, dbs, make_user, make_commitment, company_a,
                                                                   event, secretariat_client):
    commitment = make_commitment()
    delegate = client_for(app, make_user("delegate", organisation=company_a))
    base = f"/events/{event.slug}/commitments/{commitment.reference}"
    delegate.post_form(f"{base}/updates", {"text": "Done!", "progress": 90})
    from summit.commitments.models import ProgressUpdate

    update = dbs.scalar(select(ProgressUpdate))
    assert secretariat_client.post_form(f"{base}/updates/{update.id}/review", {"decision": "return"},
                                        follow_redirects=True).status_code == 200
    secretariat_client.post_form(f"{base}/updates/{update.id}/review",
                                 {"decision": "return", "comment": "Please add a link to the evidence."})
    dbs.expire_all()
    assert dbs.get(Commitment, commitment.id).progress == 0
    assert "Please add a link" in delegate.get(base).get_data(as_text=True)


# ---- chasing -----------------------------------------------------------------------------------------------

@pytest.mark.clock
def test_reminders_run_twice_in_a_day_send_once(app, dbs, make_commitment, make_person, event, runner):
    contact = make_person(name="Contact Person")
    today = today_for(event)
    due_soon = make_commitment("Due soon", due_on=today + timedelta(days=3), contact=contact)
    make_commitment("Overdue", due_on=today - timedelta(days=3), contact=contact)
    make_commitment("Far off", due_on=today + timedelta(days=90), contact=contact)
    make_commitment("Done", due_on=today - timedelta(days=3), contact=contact,
                    status=CommitmentStatus.DELIVERED)
    for _ in range(2):
        result = runner.invoke(args=["commitments", "remind"])
        assert result.exit_code == 0, result.output
    subjects = sorted(dbs.scalars(select(OutboxMessage.subject).where(OutboxMessage.kind == "commitment-reminder")))
    assert len(subjects) == 2
    assert subjects[0].startswith("Due ") and "Due soon" in subjects[0] and subjects[1].startswith("Overdue:")
    tomorrow = utcnow() + timedelta(days=1)
    with app.app_context():
        assert send_commitment_reminders(dbs, dbs.merge(event), 14, tomorrow) == 2
    assert due_soon.reference in " ".join(subjects)


# ---- import and export --------------------------------------------------------------------------------------

def test_export_then_import_changes_nothing(app, dbs, make_commitment, make_person, secretariat_client, event,
                                            company_b):
    contact = make_person(email="contact@example.org")
    make_commitment("=HYPERLINK(\"http://evil\")", due_on=date(2031, 1, 1), contact=contact,
                    organisation_ids=[company_b.id])
    make_commitment("Second", status=CommitmentStatus.AT_RISK, rag_reason="Waiting on legal", due_on=date(2031, 3, 1))
    exported = secretariat_client.get(f"/events/{event.slug}/commitments/export.csv").get_data(as_text=True)
    assert "'=HYPERLINK" in exported and "contact@example.org" in exported
    before = dbs.scalar(select(func.count(AuditEntry.id)))
    preview = secretariat_client.post_form(f"/events/{event.slug}/commitments/import",
                                           {"file": (io.BytesIO(exported.encode()), "c.csv")},
                                           content_type="multipart/form-data")
    assert preview.status_code == 200, preview.get_data(as_text=True)
    assert "0 to add and 2 to update" in preview.get_data(as_text=True)
    done = secretariat_client.post_form(f"/events/{event.slug}/commitments/import/confirm", {"csv_text": exported},
                                        follow_redirects=True)
    assert "0 added, 0 changed, 2 unchanged" in done.get_data(as_text=True), re.findall(
        r'<p class="flash[^>]*>(.*?)</p>', done.get_data(as_text=True))
    assert dbs.scalar(select(func.count(AuditEntry.id))) == before  # nothing changed, so nothing was recorded


def test_an_import_with_a_bad_row_changes_nothing_and_names_the_line(dbs, make_commitment, secretariat_client,
                                                                     event):
    make_commitment("Existing")
    text = ("reference,title,expectation,owners,lead,status,due on,progress\n"
            "C-001,Existing renamed,share_practice,Company A,Company A,in_progress,2031-01-01,50\n"
            "C-002,New one,stop_grooming,Company A,Company A,agreed,2031-02-01,0\n"
            "C-003,Broken,telepathy,Nowhere Ltd,Company A,finished,soon,150\n")
    response = secretariat_client.post_form(f"/events/{event.slug}/commitments/import",
                                            {"file": (io.BytesIO(text.encode()), "c.csv")},
                                            content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    for problem in ("Line 4: expectation &#39;telepathy&#39;: Not a valid choice. Use one of: block_on_upload,",
                    "Line 4: status &#39;finished&#39;: Not a valid choice. Use one of: proposed, agreed,",
                    "Line 4: there is no organisation called Nowhere Ltd",
                    "Line 4: progress &#39;150&#39;: Number must be between 0 and 100.",
                    "Line 4: due on &#39;soon&#39;: Not a valid date value (a date like 2027-06-30)."):
        assert problem in html
    secretariat_client.post_form(f"/events/{event.slug}/commitments/import/confirm", {"csv_text": text})
    assert dbs.scalars(select(Commitment.title)).all() == ["Existing"]


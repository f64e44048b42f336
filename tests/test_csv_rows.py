"""The three CSV importers check each row with the web page's own form: what the page refuses, the import refuses,
with the same message, named by line and column; and they do so from the CLI or a script as well as from a page."""

from __future__ import annotations

import io

import pytest
from flask import has_app_context, has_request_context
from sqlalchemy import func, select, update

from summit.agenda.importer import plan_sessions, run_session_import
from summit.agenda.models import AgendaSession, SessionKind, SpeakerRole
from summit.audit import SYSTEM
from summit.commitments.importer import plan_commitments, run_commitment_import
from summit.commitments.models import Commitment, CommitmentStatus, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.invitations.importer import plan_import, run_import
from summit.invitations.models import Invitation

TOO_LONG = "x" * 201
SESSIONS = "title,kind,day,start,end,room,seat limit,visibility,speakers\n"
COMMITMENTS = "reference,title,expectation,owners,lead,status,due on,progress,rag,rag reason\n"


@pytest.fixture
def roblox(make_organisation):
    return make_organisation("Roblox")


def upload(client, url: str, text: str):
    return client.post_form(url, {"file": (io.BytesIO(text.encode()), "rows.csv")}, content_type="multipart/form-data")


def test_an_invitation_row_the_invite_form_refuses_is_refused_with_the_same_message(organiser_client, dbs, roblox,
                                                                                  agenda_event):
    base = f"/events/{agenda_event.slug}/invitations"
    page = organiser_client.post_form(base, {"name": TOO_LONG, "email": "long@roblox.example",
                                             "organisation": "Roblox", "send": ""})
    message = "Field cannot be longer than 200 characters."
    assert page.status_code == 422 and message in page.get_data(as_text=True)
    text = f"name,email,organisation,job title\n{TOO_LONG},long@roblox.example,roblox,CTO\n"
    imported = upload(organiser_client, f"{base}/import", text)
    assert imported.status_code == 422
    assert f"Line 2: name &#39;{'x' * 39}…&#39;: {message}" in imported.get_data(as_text=True)
    # The page takes an invitation without a job title, and so does the import now.
    fine = upload(organiser_client, f"{base}/import", "name,email,organisation,job title\nAda,ada@roblox.example,"
                                                      "ROBLOX,\n")
    assert fine.status_code == 200 and "1 people will be invited" in fine.get_data(as_text=True)
    assert dbs.scalar(select(func.count(Invitation.id))) == 0


def test_a_session_row_the_session_form_refuses_is_refused_with_the_same_message(organiser_client, dbs,
                                                                               agenda_event, room):
    base = f"/events/{agenda_event.slug}/programme"
    page = organiser_client.post_form(f"{base}/sessions", {
        "title": TOO_LONG, "kind": "panel", "starts_at": "2030-03-09T10:00", "ends_at": "2030-03-09T11:00",
        "room_id": room.id, "track_id": 0, "seat_limit": 0, "visibility": "delegates"})
    html = page.get_data(as_text=True)
    assert page.status_code == 422
    assert "Field cannot be longer than 200 characters." in html and "Number must be between 1 and 10000." in html
    imported = upload(organiser_client, f"{base}/import", SESSIONS + f"{TOO_LONG},panel,2030-03-09,10:00,11:00,"
                                                                    "cascade,0,delegates,\n"
                                                                    "Ok,panel,2030-03-09,10:00,late,,,,\n")
    html = imported.get_data(as_text=True)
    assert imported.status_code == 422
    assert "Line 2: title &#39;" in html and ": Field cannot be longer than 200 characters." in html
    assert "Line 2: seat limit &#39;0&#39;: Number must be between 1 and 10000." in html
    assert ("Line 3: day and end &#39;2030-03-09Tlate&#39;: Not a valid datetime value (a day like 2026-03-14 and "
            "a time like 09:30).") in html
    assert dbs.scalar(select(func.count(AgendaSession.id))) == 0


def test_a_commitment_row_the_commitment_form_refuses_is_refused_with_the_same_message(secretariat_client, dbs,
                                                                                     roblox, agenda_event):
    base = f"/events/{agenda_event.slug}/commitments"
    long_reason = "r" * 501
    page = secretariat_client.post_form(f"{base}/new", {
        "title": "Publish figures", "lead_organisation_id": roblox.id, "expectation": "share_practice",
        "visibility": "public", "session_id": 0, "status": "agreed", "progress": 0, "rag": "amber",
        "rag_reason": long_reason})
    message = "Field cannot be longer than 500 characters."
    assert page.status_code == 422 and message in page.get_data(as_text=True)
    imported = upload(secretariat_client, f"{base}/import", COMMITMENTS + f"C-001,Publish figures,share_practice,"
                                                                          f"Roblox,Roblox,agreed,,0,amber,"
                                                                          f"{long_reason}\n")
    assert imported.status_code == 422
    assert f"Line 2: rag reason &#39;{'r' * 39}…&#39;: {message}" in imported.get_data(as_text=True)
    assert dbs.scalar(select(func.count(Commitment.id))) == 0


def test_importers_check_rows_without_an_app_or_a_request_and_apply_them_as_the_cli_would(app, dbs, roblox,
                                                                                       agenda_event, room,
                                                                                       make_person):
    speaker = make_person(email="speaker@thorn.example")
    assert not has_app_context()  # as a script or a test would call them
    people = plan_import(dbs, agenda_event, b"name,email,organisation,job title\nAda,ada@roblox.example,roblox,\n"
                                            b"Bob,bob@roblox.example,Roblox,CTO\n")
    sessions = plan_sessions(dbs, agenda_event, (SESSIONS + "Sprint,Hackathon sprint,2030-03-09,10:00,12:00,"
                                                 "CASCADE,,public,Speaker@thorn.example\n").encode())
    commitments = plan_commitments(dbs, agenda_event, (COMMITMENTS + "c-007,Share the classifier,Stop child "
                                                       "grooming on their platforms,Roblox,roblox,In progress,"
                                                       "2031-01-31,40,Amber,Licensing\n").encode())
    assert people.ok and sessions.ok, (people.problems, sessions.problems)
    assert commitments.ok and commitments.creates == 1, commitments.problems
    assert sessions.problems == [] and sessions.rows[0].kind is SessionKind.HACKATHON
    assert sessions.rows[0].speakers == [(speaker.id, SpeakerRole.SPEAKER)]
    with app.app_context():  # what `flask --app wsgi ...` gives: an app, no request
        assert not has_request_context()
        run_import(dbs, SYSTEM, agenda_event, people, send=True)
        run_session_import(dbs, SYSTEM, agenda_event, sessions)
        assert run_commitment_import(dbs, SYSTEM, agenda_event, commitments) == (1, 0)
        dbs.commit()
    assert dbs.scalar(select(func.count(Invitation.id))) == 2
    item = dbs.scalar(select(AgendaSession))
    assert (item.title, item.room_id, item.visibility.value) == ("Sprint", room.id, "public")
    commitment = dbs.scalar(select(Commitment))
    assert (commitment.reference, commitment.expectation, commitment.status, commitment.progress) == (
        "C-007", Expectation.STOP_GROOMING, CommitmentStatus.IN_PROGRESS, 40)


def test_a_verified_commitment_is_edited_and_imported_as_it_is_but_nothing_is_verified_by_import(
        app, dbs, secretariat_client, roblox, agenda_event):
    with app.app_context():
        commitment = create_commitment(dbs, SYSTEM, agenda_event, CommitmentFields(
            title="Publish figures", expectation=Expectation.SHARE_PRACTICE, lead_organisation_id=roblox.id,
            status=CommitmentStatus.DELIVERED))
        dbs.commit()
    dbs.execute(update(Commitment).values(status=CommitmentStatus.VERIFIED))
    base = f"/events/{agenda_event.slug}/commitments"
    form = secretariat_client.get(f"{base}/{commitment.reference}/edit").get_data(as_text=True)
    assert '<option selected value="verified">Verified</option>' in form
    saved = secretariat_client.post_form(f"{base}/{commitment.reference}/edit", {
        "title": "Publish figures, yearly", "lead_organisation_id": roblox.id, "expectation": "share_practice",
        "visibility": "public", "session_id": 0, "status": "verified", "progress": 100, "rag": "green"})
    assert saved.status_code == 303, saved.get_data(as_text=True)
    exported = secretariat_client.get(f"{base}/export.csv").get_data(as_text=True)
    assert upload(secretariat_client, f"{base}/import", exported).status_code == 200
    new = upload(secretariat_client, f"{base}/import", COMMITMENTS + "C-002,New,other,Roblox,Roblox,verified,,,,\n")
    assert new.status_code == 422
    assert ("Line 2: status &#39;verified&#39;: Not a valid choice. Use one of: proposed, agreed, in_progress, "
            "at_risk, delivered, withdrawn (a commitment is verified on its page, with its evidence).") in (
        new.get_data(as_text=True))


def test_a_rule_only_the_service_knows_stops_the_whole_import_at_confirm_with_its_line(secretariat_client, dbs,
                                                                                      roblox, agenda_event):
    base = f"/events/{agenda_event.slug}/commitments"
    text = COMMITMENTS + ("C-001,Fine,other,Roblox,Roblox,agreed,,,,\n"
                          "C-002,Red without a reason,other,Roblox,Roblox,agreed,,,red,\n")
    response = secretariat_client.post_form(f"{base}/import/confirm", {"csv_text": text})
    assert response.status_code == 422
    assert "Line 3: Say why the rating is red or amber." in response.get_data(as_text=True)
    assert dbs.scalar(select(func.count(Commitment.id))) == 0

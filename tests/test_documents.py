"""The document library story: organisers upload papers for an audience; delegates find and download theirs;
new versions replace old ones; downloads are counted per organisation; every change is audited."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from summit.agenda.models import Visibility
from summit.audit import SYSTEM, history
from summit.auth.permissions import delegate_viewer, viewer_for
from summit.documents import services
from summit.documents.models import Document, DocumentAudience, DocumentDownload, DocumentVersion
from summit.documents.services import DocumentFields, Upload, add_version, upload_document
from summit.invitations.models import Invitation, InvitationStatus
from tests.document_helpers import pdf_bytes


def signed_in(app, user):
    client = app.test_client()
    assert client.sign_in(user.person.email).status_code == 303
    return client


def upload_form(data: bytes, name: str, **fields) -> dict:
    return {"file": (io.BytesIO(data), name), "title": "Referrals briefing", "session_id": "0",
            "audience": "accepted", **fields}


@pytest.fixture
def make_document(app, dbs, agenda_event):
    def make(title="Pre-read", data=None, name="pre-read.pdf", **fields):
        with app.test_request_context():
            document = upload_document(dbs, SYSTEM, agenda_event, DocumentFields(title=title, **fields),
                                       Upload(name, data or pdf_bytes(title)))
            dbs.commit()
        return document

    return make


def test_an_organiser_uploads_a_paper_for_chosen_organisations(app, organiser_client, dbs, agenda_event,
                                                               make_organisation):
    thorn = make_organisation("Thorn", kind="ngo")
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/documents", upload_form(
        pdf_bytes("Referrals"), "referrals.pdf", audience="organisations", organisation_ids=[str(thorn.id)],
        embargo_until="2030-03-09T08:30"), content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)
    document = dbs.scalar(select(Document))
    assert [o.name for o in document.organisations] == ["Thorn"]
    assert document.embargo_until.isoformat() == "2030-03-09T16:30:00+00:00"  # 08:30 PST, stored in UTC
    version = document.current
    assert version.content_type == "application/pdf" and version.download_name == "referrals.pdf"
    stored = app.config["DOCUMENTS_DIR"] + "/" + version.storage_name
    import os
    import stat
    mode = os.stat(stored).st_mode
    assert version.storage_name != "referrals.pdf" and len(version.storage_name) == 32
    assert not mode & (stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH) and not mode & stat.S_IRWXO
    (entry,) = history(dbs, "documents", document.id)
    assert entry.action == "document.uploaded" and entry.after["organisation_ids"] == [thorn.id]
    assert "Referrals" not in str(entry.after) and "referrals.pdf" not in str(entry.after)  # ids only
    page = organiser_client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chosen organisations only: Thorn" in page and "Sat 9 Mar 2030, 08:30 PST" in page


def test_a_bad_upload_form_keeps_what_was_typed_and_names_the_field(organiser_client, agenda_event, app):
    response = organiser_client.post_form(f"/events/{agenda_event.slug}/documents", upload_form(
        pdf_bytes(), "a.pdf", title="Kinds paper", audience="kinds"), content_type="multipart/form-data")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Choose at least one kind of organisation" in html and 'value="Kinds paper"' in html
    import os
    assert not os.path.exists(app.config["DOCUMENTS_DIR"]) or os.listdir(app.config["DOCUMENTS_DIR"]) == []


AUDIENCES = {  # audience -> fields, and who sees it: (accepted A, accepted LE, tentative A, declined A)
    "invited": ({}, (True, True, True, False)),
    "accepted": ({}, (True, True, False, False)),
    "organisations": ({"organisations": True}, (True, False, True, False)),
    "kinds": ({"organisation_kinds": ["law_enforcement"]}, (False, True, False, False)),
    "staff": ({}, (False, False, False, False)),
}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_each_audience_decides_who_sees_a_document(app, dbs, agenda_event, make_organisation, make_person,
                                                   make_document, audience):
    company, police = make_organisation("Company A"), make_organisation("Police", kind="law_enforcement")
    fields, expected = AUDIENCES[audience]
    extra = {"organisation_ids": [company.id]} if fields.get("organisations") else {
        k: v for k, v in fields.items() if k != "organisations"}
    document = make_document(audience=DocumentAudience(audience), **extra)
    standings = ((company, InvitationStatus.ACCEPTED), (police, InvitationStatus.ACCEPTED),
                 (company, InvitationStatus.TENTATIVE), (company, InvitationStatus.DECLINED))
    now = agenda_event.starts_at
    seen = tuple(delegate_viewer(make_person(organisation=org), status).may_see_document(document, now)
                 for org, status in standings)
    assert seen == expected
    assert viewer_for(None).may_see_document(document, now) is False


def test_an_embargo_hides_a_document_until_its_time_and_staff_see_it_throughout(dbs, agenda_event, make_person,
                                                                               make_document, make_user):
    opens = agenda_event.starts_at - timedelta(hours=2)
    document = make_document(audience=DocumentAudience.INVITED, embargo_until=opens)
    delegate = delegate_viewer(make_person(), InvitationStatus.ACCEPTED)
    organiser = viewer_for(make_user("organiser"))
    assert not delegate.may_see_document(document, opens - timedelta(seconds=1))
    assert delegate.may_see_document(document, opens)
    assert organiser.may_see_document(document, opens - timedelta(days=1))


def test_a_session_paper_is_seen_only_by_those_who_may_see_the_session(dbs, agenda_event, make_session,
                                                                      make_organisation, make_person, make_document):
    company = make_organisation("Company A")
    restricted = make_session("Referrals", visibility=Visibility.RESTRICTED, organisation_ids=[company.id])
    document = make_document(audience=DocumentAudience.INVITED, session_id=restricted.id)
    now = agenda_event.starts_at
    assert delegate_viewer(make_person(organisation=company), InvitationStatus.ACCEPTED).may_see_document(document, now)
    assert not delegate_viewer(make_person(), InvitationStatus.ACCEPTED).may_see_document(document, now)


def test_delegates_find_their_papers_on_the_session_page_my_agenda_and_papers(app, dbs, agenda_event, make_session,
                                                                             make_delegate, make_document):
    from summit.agenda.signups import sign_up

    item = make_session("Risk scoring")
    make_document("Scoring pre-read", session_id=item.id)
    make_document("Welcome pack", name="welcome.txt", data="Bienvenue à Redmond\n".encode())
    make_document("Organisers' notes", audience=DocumentAudience.STAFF)
    user = make_delegate()
    sign_up(dbs, SYSTEM, item, user.person)
    dbs.commit()
    client = signed_in(app, user)
    slug = agenda_event.slug
    session_page = client.get(f"/events/{slug}/sessions/{item.id}").get_data(as_text=True)
    assert "Scoring pre-read" in session_page and "Welcome pack" not in session_page
    mine = client.get(f"/events/{slug}/my-agenda").get_data(as_text=True)
    assert "Papers for your sessions" in mine and "Scoring pre-read" in mine
    papers = client.get(f"/events/{slug}/papers").get_data(as_text=True)
    assert "Scoring pre-read" in papers and "Welcome pack" in papers and "Organisers' notes" not in papers
    text = client.get(f"/events/{slug}/papers/{dbs.scalar(select(Document.id).where(Document.title == 'Welcome pack'))}"
                      "/download")
    assert text.status_code == 200 and text.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert text.data.decode() == "Bienvenue à Redmond\n"


def test_the_calendar_event_links_to_the_session_page_where_its_papers_are(app, client, agenda_event, make_session,
                                                                          make_delegate, make_document):
    item = make_session("Risk scoring")
    make_document("Scoring pre-read", session_id=item.id)
    calendar = signed_in(app, make_delegate()).get(f"/events/{agenda_event.slug}/sessions/{item.id}.ics")
    unfolded = calendar.get_data(as_text=True).replace("\r\n ", "")
    assert f"Details: http://summit.test/events/{agenda_event.slug}/sessions/{item.id}" in unfolded


def test_a_new_version_replaces_the_old_for_delegates_and_staff_keep_the_old(app, dbs, agenda_event, make_delegate,
                                                                           make_document, organiser_client):
    old, new = pdf_bytes("first"), pdf_bytes("second")
    document = make_document("Threshold paper", data=old)
    with app.test_request_context():
        add_version(dbs, SYSTEM, document, Upload("threshold-v2.pdf", new))
        dbs.commit()
    first, second = dbs.scalars(select(DocumentVersion).order_by(DocumentVersion.number)).all()
    client = signed_in(app, make_delegate())
    slug = agenda_event.slug
    assert client.get(f"/events/{slug}/papers/{document.id}/download").data == new
    assert client.get(f"/events/{slug}/papers/{document.id}/versions/{first.id}").status_code == 403
    assert organiser_client.get(f"/events/{slug}/papers/{document.id}/versions/{first.id}").data == old
    assert "Updated" in client.get(f"/events/{slug}/papers").get_data(as_text=True)
    detail = organiser_client.get(f"/events/{slug}/documents/{document.id}").get_data(as_text=True)
    assert "threshold-v2.pdf" in detail and "2 (current)" in detail
    assert [e.action for e in history(dbs, "documents", document.id)] == ["document.uploaded",
                                                                          "document.version_added"]


def test_downloads_are_counted_per_organisation_not_per_person(app, dbs, agenda_event, make_organisation,
                                                               make_delegate, make_document, organiser_client):
    document = make_document("Counted")
    company = make_organisation("Company A", quota=10)
    for user in (make_delegate(company), make_delegate(company)):
        assert signed_in(app, user).get(f"/events/{agenda_event.slug}/papers/{document.id}/download").status_code == 200
    organiser_client.get(f"/events/{agenda_event.slug}/papers/{document.id}/download")  # staff: not counted
    (row,) = dbs.scalars(select(DocumentDownload)).all()
    assert (row.organisation_id, row.count) == (company.id, 2)
    assert not hasattr(row, "person_id")
    detail = organiser_client.get(f"/events/{agenda_event.slug}/documents/{document.id}").get_data(as_text=True)
    assert "<td>Company A</td><td>2</td>" in detail


def test_audience_changes_and_deletion_are_audited_and_deletion_removes_the_files(app, dbs, agenda_event,
                                                                                organiser_client, make_document):
    import os

    document = make_document("Leaving soon")
    slug, document_id = agenda_event.slug, document.id
    response = organiser_client.post_form(f"/events/{slug}/documents/{document.id}/audience", {
        "title": "Leaving soon", "session_id": "0", "audience": "staff"})
    assert response.status_code == 303
    refused = organiser_client.post_form(f"/events/{slug}/documents/{document_id}/delete", {})
    assert refused.status_code == 303 and dbs.get(Document, document_id) is not None  # not confirmed
    assert organiser_client.post_form(f"/events/{slug}/documents/{document_id}/delete", {"confirm": "y"}
                                      ).status_code == 303
    dbs.expire_all()
    assert dbs.scalar(select(func.count(Document.id))) == 0 and os.listdir(app.config["DOCUMENTS_DIR"]) == []
    actions = [(e.action, e.before, e.after) for e in history(dbs, "documents", document_id)]
    assert actions[1] == ("document.audience_changed", {"audience": "accepted"}, {"audience": "staff"})
    assert actions[2][0] == "document.deleted" and actions[2][1]["version_ids"]


def test_a_delegate_who_left_or_was_never_invited_sees_no_papers(app, dbs, agenda_event, make_delegate,
                                                                 make_document, make_user):
    document = make_document("For the invited", audience=DocumentAudience.INVITED)
    declined = make_delegate(accepted=False)
    stranger = make_user("delegate")
    for user in (declined, stranger):
        client = signed_in(app, user)
        assert client.get(f"/events/{agenda_event.slug}/papers/{document.id}/download").status_code == 404
        assert "For the invited" not in client.get(f"/events/{agenda_event.slug}/papers").get_data(as_text=True)
    assert dbs.scalar(select(func.count(Invitation.id))) == 1
    assert services.MB == 1024 * 1024


def test_a_file_written_in_a_transaction_that_rolls_back_is_removed(app, dbs):
    import os

    from summit.documents import storage

    with app.test_request_context():
        kept = storage.store(dbs, b"kept")
        dbs.commit()
        storage.store(dbs, b"dropped")
        dbs.rollback()
        assert os.listdir(storage.directory()) == [kept]


@pytest.mark.clock
def test_the_demo_has_papers_one_for_law_enforcement_only(app, dbs):
    from seeds.loader import load_demo

    with app.app_context():
        assert "3 documents" in load_demo(dbs, app.config)
        assert "0 documents" in load_demo(dbs, app.config)
    papers = {d.title: d for d in dbs.scalars(select(Document))}
    briefing = papers["Briefing: referral pathways for law enforcement"]
    assert briefing.organisation_kinds == ["law_enforcement"] and briefing.agenda_session is not None
    assert briefing.current.content_type == "application/pdf"
    assert papers["Hackathon data-set notes"].current.content_type.startswith("text/plain")

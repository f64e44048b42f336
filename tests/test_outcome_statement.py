"""The outcome statement: drafted in versions (who changed what), with the public decisions and commitments pulled
in, published by the secretariat at /events/<slug>/outcome as HTML that prints and as a PDF, dated at the event."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from summit.audit import SYSTEM, AuditEntry
from summit.commitments.models import CommitmentVisibility, Expectation
from summit.commitments.services import CommitmentFields, create_commitment
from summit.outcome.models import OutcomeVersion


@pytest.fixture
def base(agenda_event) -> str:
    return f"/events/{agenda_event.slug}/outcome"


def test_drafts_are_versions_with_who_changed_what(dbs, base, secretariat_client, organiser_client):
    assert secretariat_client.post_form(f"{base}/draft", {"text": "### We agreed\n\nTo act."}).status_code == 303
    same = secretariat_client.post_form(f"{base}/draft", {"text": "### We agreed\n\nTo act.\n"})
    assert same.status_code == 422 and "Nothing has changed since version 1" in same.get_data(as_text=True)
    assert organiser_client.post_form(f"{base}/draft", {"text": "### We agreed\n\nTo act now."}).status_code == 303
    versions = dbs.scalars(select(OutcomeVersion).order_by(OutcomeVersion.number)).all()
    assert [v.number for v in versions] == [1, 2] and versions[0].author_id != versions[1].author_id
    page = secretariat_client.get(f"{base}/draft").get_data(as_text=True)
    assert "Version 2</strong>" in page and "Version 1</strong>" in page
    assert "-To act.\n+To act now." in page  # the diff from version 1 to version 2
    assert "<h3>We agreed</h3>" in page  # the preview, under its own h2 (the public page starts its text at h2)
    assert [e.after for e in dbs.scalars(select(AuditEntry).where(AuditEntry.action == "outcome.save"))] == [
        {"version": 1, "length": 22}, {"version": 2, "length": 26}]


def test_the_draft_takes_in_public_decisions_and_ready_public_commitments(dbs, agenda_event, base, make_session,
                                                                          secretariat_client, make_organisation):
    item = make_session("Report-out")
    owner = make_organisation("Thorn")
    notes = f"/events/{agenda_event.slug}/sessions/{item.id}/notes"
    for text, visibility in (("Offer the classifier free", "public"), ("Keep the budget quiet", "secretariat")):
        secretariat_client.post_form(notes, {"text": text, "kind": "decision", "visibility": visibility})
    for title, visibility, ready in (("Onboard adopters", CommitmentVisibility.PUBLIC, True),
                                     ("Not checked yet", CommitmentVisibility.PUBLIC, False),
                                     ("Internal review", CommitmentVisibility.SECRETARIAT, True)):
        create_commitment(dbs, SYSTEM, agenda_event, CommitmentFields(
            title=title, expectation=Expectation.OFFER_TOOLS_FREE, lead_organisation_id=owner.id,
            visibility=visibility, ready=ready, pledge_amount=Decimal("1.00") if ready else None,
            pledge_currency="GBP" if ready else None, pledge_kind="funding" if ready else None))
    dbs.commit()
    decisions = secretariat_client.post_form(f"{base}/draft", {"text": "Intro.", "insert": "decisions"})
    text = decisions.get_data(as_text=True)
    assert decisions.status_code == 200 and "### Decisions" in text and "Offer the classifier free" in text
    assert "Keep the budget quiet" not in text and "Intro." in text
    assert dbs.scalar(select(OutcomeVersion)) is None  # inserting does not save
    commitments = secretariat_client.post_form(f"{base}/draft", {"text": "", "insert": "commitments"})
    text = commitments.get_data(as_text=True)
    assert "#### Offer tools free to other companies" in text and "Onboard adopters — Thorn (agreed)" in text
    assert "Not checked yet" not in text and "Internal review" not in text


@pytest.mark.clock(at="2030-03-12T05:30:00Z")  # 21:30 on Monday 11 March in Redmond
def test_published_at_outcome_with_the_date_at_the_event_and_as_a_pdf(dbs, agenda_event, base, client,
                                                                      secretariat_client, organiser_client):
    assert client.get(base).status_code == 404 and client.get(f"{base}.pdf").status_code == 404
    assert "outcome statement" not in client.get(f"/events/{agenda_event.slug}/report").get_data(as_text=True)
    secretariat_client.post_form(f"{base}/draft", {"text": "### Agreed\n\n- Offer [tools](https://example.org) free"})
    assert organiser_client.post_form(f"{base}/publish").status_code == 403  # the secretariat's word
    assert secretariat_client.post_form(f"{base}/publish").status_code == 303
    secretariat_client.post_form(f"{base}/draft", {"text": "A later draft, not published"})
    page = client.get(base)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and '<time datetime="2030-03-11">11 March 2030</time>' in html
    assert "<h2>Agreed</h2>" in html and "later draft" not in html and 'media="print"' in html
    pdf = client.get(f"{base}.pdf")
    assert pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF-")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "Published 11 March 2030" in text and "Offer tools (https://example.org) free" in text
    again = secretariat_client.post_form(f"{base}/publish", follow_redirects=True)
    assert "Version 2 is published" in again.get_data(as_text=True)
    assert "later draft" in client.get(base).get_data(as_text=True)
    report = client.get(f"/events/{agenda_event.slug}/report").get_data(as_text=True)
    assert f'href="{base}">Read the summit\'s outcome statement' in report.replace("&#39;", "'")
    entries = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "outcome.publish")).all()
    assert [(e.before, e.after) for e in entries] == [({"version": None}, {"version": 1}),
                                                      ({"version": 1}, {"version": 2})]


def test_markdown_in_the_statement_is_sanitised(base, client, secretariat_client):
    secretariat_client.post_form(f"{base}/draft", {"text": "<script>alert(1)</script> [x](javascript:alert(1))"})
    secretariat_client.post_form(f"{base}/publish")
    html = client.get(base).get_data(as_text=True)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="javascript' not in html

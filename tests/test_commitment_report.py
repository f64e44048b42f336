"""Commitments in the open: the public report in every format, its dates, feeds, tools and pledges, its cost, and
the words and links it uses. Split from test_commitments.py, whose fixtures it shares."""
# ruff: noqa: F811 - the shared fixtures are imported by name, and pytest passes them as arguments of the same name

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from summit.clock import today_for, utcnow
from summit.commitments.models import (
    Commitment,
    CommitmentStatus,
    CommitmentVisibility,
    Milestone,
)
from summit.mail.models import OutboxMessage
from tests.ical_parsers import parse_everywhere
from tests.test_commitments import client_for, company_a, company_b, event, make_commitment  # noqa: F401 - fixtures

# ---- openness ----------------------------------------------------------------------------------------------

@pytest.mark.clock
def test_the_public_report_shows_only_public_commitments_in_every_format(app, client, dbs, make_commitment, event,
                                                                         company_b):
    make_commitment("Public promise", due_on=today_for(event) - timedelta(days=1))
    make_commitment("Participants only", visibility=CommitmentVisibility.PARTICIPANTS)
    make_commitment("Secret", visibility=CommitmentVisibility.SECRETARIAT)
    make_commitment("Delivered", organisation=company_b, status=CommitmentStatus.DELIVERED)
    html = client.get(f"/events/{event.slug}/report").get_data(as_text=True)
    assert "Public promise" in html and "Delivered" in html
    assert "Participants only" not in html and "Secret" not in html
    assert html.count("<svg") == 2 and "Overdue" in html and "As of" in html
    assert 'media="print"' in html
    data = client.get(f"/events/{event.slug}/report.json").get_json()
    assert [c["title"] for c in data["commitments"]] == ["Public promise", "Delivered"]
    assert data["commitments"][0]["overdue"] is True and "contact_email" not in data["commitments"][0]
    csv_text = client.get(f"/events/{event.slug}/report.csv").get_data(as_text=True)
    assert "Public promise" in csv_text and "Secret" not in csv_text and "contact" not in csv_text.splitlines()[0]


@pytest.mark.clock(at="2026-11-29T04:30:00Z")  # 20:30 on Saturday 28 November in Redmond
def test_dates_follow_the_calendar_day_at_the_event_not_in_utc(dbs, client, secretariat_client, make_commitment,
                                                               event):
    make_commitment("Due on the 27th", due_on=date(2026, 11, 27))
    due_today = make_commitment("Due on the 28th", due_on=date(2026, 11, 28))
    base = f"/events/{event.slug}/commitments/{due_today.reference}"
    assert secretariat_client.post_form(f"{base}/milestones", {"title": "Draft", "due_on": ""}).status_code == 303
    milestone = dbs.scalar(select(Milestone))
    assert secretariat_client.post_form(f"{base}/milestones/{milestone.id}/done").status_code == 303
    data = client.get(f"/events/{event.slug}/report.json").get_json()
    html = client.get(f"/events/{event.slug}/report").get_data(as_text=True)
    dbs.expire_all()
    assert dbs.get(Milestone, milestone.id).done_on == date(2026, 11, 28)
    assert {c["title"]: c["overdue"] for c in data["commitments"]} == {"Due on the 27th": True,
                                                                      "Due on the 28th": False}
    assert "As of <strong>28 November 2026</strong>" in html


def test_due_dates_as_public_and_private_todo_feeds(app, dbs, client, make_commitment, make_user, company_a, event):
    public = make_commitment("Public", due_on=date(2031, 6, 30))
    private = make_commitment("Ours", due_on=date(2031, 7, 31), visibility=CommitmentVisibility.PARTICIPANTS)
    calendar, _, _ = parse_everywhere(client.get(f"/events/{event.slug}/commitments.ics").data)
    assert [str(t["uid"]) for t in calendar.walk("VTODO")] == [f"commitment-{public.id}@summit.test"]
    delegate = client_for(app, make_user("delegate", organisation=company_a))
    page = delegate.post_form(f"/events/{event.slug}/commitments/calendar", follow_redirects=True)
    link = re.search(r'value="http://summit.test(/feeds/[A-Za-z0-9_-]{43}\.ics)"', page.get_data(as_text=True))
    calendar, _, _ = parse_everywhere(app.test_client().get(link.group(1)).data)
    assert {str(t["summary"]) for t in calendar.walk("VTODO")} == {f"{public.reference}: Public",
                                                                   f"{private.reference}: Ours"}


def test_the_tools_register_appears_in_the_report(app, dbs, secretariat_client, make_commitment, company_a,
                                                  company_b, event):
    promise = make_commitment("Offer the classifier free")
    response = secretariat_client.post_form(f"/events/{event.slug}/tools", {
        "name": "Grooming-risk classifier", "owner_organisation_id": company_a.id, "licence": "Free, no fee",
        "status": "available", "available_on": "2031-01-01", "commitment_ids": [promise.id]})
    assert response.status_code == 303
    from summit.commitments.models import Tool

    tool = dbs.scalar(select(Tool))
    secretariat_client.post_form(f"/events/{event.slug}/tools/{tool.id}/adoptions",
                                 {"organisation_id": company_b.id, "adopted_on": "2031-02-01"})
    html = app.test_client().get(f"/events/{event.slug}/report").get_data(as_text=True)
    tools = html.split('id="tools-heading"')[1]
    assert "Grooming-risk classifier" in tools and "Company B (Feb 2031)" in tools and promise.reference in tools
    data = app.test_client().get(f"/events/{event.slug}/report.json").get_json()
    assert data["tools"][0]["adopted_by"] == [{"organisation": "Company B", "on": "2031-02-01"}]


def test_the_report_makes_a_constant_number_of_queries(app, dbs, make_commitment, event, client):
    from tests.test_agenda import count_queries

    for i in range(5):
        make_commitment(f"Small {i}")
    small = [count_queries(app, client, f"/events/{event.slug}/report"),
             count_queries(app, client, f"/events/{event.slug}/report.json")]
    for i in range(100):
        make_commitment(f"Large {i}")
    large = [count_queries(app, client, f"/events/{event.slug}/report"),
             count_queries(app, client, f"/events/{event.slug}/report.json")]
    assert small == large, (small, large)
    json.dumps(client.get(f"/events/{event.slug}/report.json").get_json())


@pytest.mark.clock
def test_an_unchanged_report_answers_304_and_a_change_shows_at_once(client, dbs, make_commitment, event):
    commitment = make_commitment("Before")
    first = client.get(f"/events/{event.slug}/report.json")
    assert client.get(f"/events/{event.slug}/report.json",
                      headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    commitment = dbs.merge(commitment)
    commitment.title = "After"
    commitment.updated_at = utcnow()
    dbs.commit()
    again = client.get(f"/events/{event.slug}/report.json", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 200 and again.get_json()["commitments"][0]["title"] == "After"


def test_the_public_csv_speaks_plainly_and_a_withdrawn_commitment_has_no_rating(app, client, make_commitment, event):

    from summit.commitments.models import Rag

    make_commitment("Pilot detection", status=CommitmentStatus.IN_PROGRESS, rag=Rag.AMBER, rag_reason="Funding late")
    make_commitment("Dropped idea", status=CommitmentStatus.WITHDRAWN, rag=Rag.RED, rag_reason="No longer pursued")
    text = client.get(f"/events/{event.slug}/report.csv").get_data(as_text=True)
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    assert rows["Pilot detection"]["status"] == "In progress" and rows["Pilot detection"]["rag"] == "Amber"
    assert rows["Pilot detection"]["expectation"] == "Openness, transparency and sharing best practice"
    assert "evidence" in rows["Pilot detection"]
    assert rows["Dropped idea"]["status"] == "Withdrawn" and rows["Dropped idea"]["rag"] == ""
    html = client.get(f"/events/{event.slug}/report").get_data(as_text=True)
    dropped = html.split("Dropped idea")[1].split("</tr>")[0]
    assert "no rating: withdrawn" in dropped and "badge-err" not in dropped


def test_progress_updates_keep_what_was_typed_and_the_company_hears_the_outcome(app, dbs, make_user, make_person,
                                                                                make_commitment, company_a, event,
                                                                                secretariat_client):
    from summit.commitments.models import ProgressUpdate

    contact = make_person("Cara Contact", "cara@a.example", organisation=company_a)
    commitment = make_commitment(status=CommitmentStatus.IN_PROGRESS, contact=contact)
    delegate = client_for(app, make_user("delegate", organisation=company_a))
    base = f"/events/{event.slug}/commitments/{commitment.reference}"
    bad = delegate.post_form(f"{base}/updates", {"text": "Licence signed with Thorn", "progress": 60,
                                                 "evidence": "ftp://example.org/licence"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "Licence signed with Thorn" in html and "ftp://example.org/licence" in html
    assert "Evidence must be web links" in html  # named beside the evidence field
    for text in ("First figures", "Final figures"):
        assert delegate.post_form(f"{base}/updates", {"text": text, "progress": 70,
                                                      "evidence": "https://example.org/f"}).status_code == 303
    first, final = (dbs.scalar(select(ProgressUpdate).where(ProgressUpdate.text == t)) for t in
                    ("First figures", "Final figures"))
    secretariat_client.post_form(f"{base}/updates/{first.id}/review", {"decision": "return",
                                                                       "comment": "Link the published table"})
    secretariat_client.post_form(f"{base}/updates/{final.id}/review", {"decision": "accept", "comment": ""})
    mails = dbs.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "cara@a.example")
                        .order_by(OutboxMessage.id)).all()
    assert [m.kind for m in mails] == ["commitment-returned", "commitment-accepted"]
    assert "Link the published table" in mails[0].text_body and "70% done" in mails[1].text_body
    error = html.split('id="evidence-error"')[1].split("</")[0]  # the message sits with the evidence field
    assert "Evidence must be web links" in error

    # delivered, then verified by the secretariat: the contact hears that too, with what it rests on
    dbs.execute(update(Commitment).where(Commitment.id == commitment.id).values(status=CommitmentStatus.DELIVERED))
    dbs.commit()
    assert secretariat_client.post_form(f"{base}/verify", {"evidence": "Saw the signed licence"}).status_code == 303
    verified = dbs.scalars(select(OutboxMessage).where(OutboxMessage.to_address == "cara@a.example",
                                                       OutboxMessage.kind == "commitment-verified")).all()
    assert len(verified) == 1 and commitment.reference in verified[0].subject + verified[0].text_body

    # the accepted update's evidence is in the report's CSV and labelled by its address on the report
    report_csv = secretariat_client.get(f"/events/{event.slug}/report.csv").get_data(as_text=True)
    rows = {row["reference"]: row for row in csv.DictReader(io.StringIO(report_csv.lstrip("\ufeff")))}
    assert "https://example.org/f" in rows[commitment.reference]["evidence"]
    dashboard = secretariat_client.get(f"/events/{event.slug}/commitments").get_data(as_text=True)
    assert ('<span class="visually-hidden">Evidence: </span>example.org/f</a>' in dashboard
            and ">Evidence 1<" not in dashboard)


def test_an_evidence_link_reads_as_its_address_without_the_scheme():
    from summit.web import link_label

    assert link_label("https://www.github.com/thorn/safer/") == "github.com/thorn/safer"
    assert link_label("https://example.org") == "example.org"
    long = link_label("https://example.org/" + "a" * 80)
    assert len(long) == 48 and long.endswith("…") and long.startswith("example.org/aaa")


def test_an_evidence_link_never_hides_its_host_behind_a_user_name():
    from summit.commitments.rules import evidence_problem
    from summit.web import link_label

    posing = "https://github.com-thorn-safer-tools-for-child-protection-x@evil.example/report"
    assert link_label(posing).startswith("evil.example/report")  # the label shows the real host
    assert "user name" in evidence_problem([posing])
    assert evidence_problem(["https://github.com/thorn/safer", "http://example.org:8080/a"]) is None
    assert link_label("http://example.org:8080/a") == "example.org:8080/a"

"""The tools register opens to outsiders: a public page per tool, a request that reaches the owner and the
secretariat by email (rate-limited), and an adoption recorded when the owner confirms through the emailed link."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from summit.audit import SYSTEM, AuditEntry
from summit.commitments.models import CommitmentVisibility, Expectation, Tool, ToolRequest
from summit.commitments.services import CommitmentFields, create_commitment
from summit.commitments.tools import create_tool
from summit.events.models import Organisation
from summit.mail.models import OutboxMessage


@pytest.fixture
def event(make_event):
    return make_event(slug="tools")


@pytest.fixture
def tool(dbs, event, make_organisation, make_person, make_user):
    owner = make_organisation("Microsoft")
    contact = make_person("Priya Natarajan", email="priya@microsoft.example", organisation=owner)
    make_user("secretariat", email="secretariat@example.org")
    promise = create_commitment(dbs, SYSTEM, event, CommitmentFields(
        title="Offer the classifier free", expectation=Expectation.OFFER_TOOLS_FREE, lead_organisation_id=owner.id,
        contact_person_id=contact.id))
    dbs.flush()
    made = create_tool(dbs, SYSTEM, event, name="Grooming-risk classifier", owner_organisation_id=owner.id,
                       licence="Free licence, no fee", commitment_ids=[promise.id])
    dbs.commit()
    return made


REQUEST = {"name": "Sam Lee", "organisation_name": "Small Chat Ltd", "email": "sam@smallchat.example",
           "purpose": "Moderating a chat app for teenagers."}


def test_anyone_may_request_a_public_tool_and_the_owner_and_secretariat_hear_of_it(app, dbs, client, event, tool):
    url = f"/events/{event.slug}/tools/{tool.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Grooming-risk classifier" in page and "How to request it" in page and "Free licence, no fee" in page
    bad = client.post_form(url, {**REQUEST, "email": "not an email"})
    assert bad.status_code == 422 and "Give an email address" in bad.get_data(as_text=True)
    assert 'value="Small Chat Ltd"' in bad.get_data(as_text=True)
    assert client.post_form(url, REQUEST).status_code == 303
    messages = dbs.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    assert [(m.to_address, m.kind) for m in messages] == [("priya@microsoft.example", "tool-request"),
                                                          ("secretariat@example.org", "tool-request-secretariat")]
    assert "Moderating a chat app for teenagers." in messages[0].text_body
    assert re.search(r"/tools/requests/[A-Za-z0-9_-]{43}", messages[0].text_body)
    assert not re.search(r"/tools/requests/[A-Za-z0-9_-]{43}", messages[1].text_body)  # the link is the owner's
    entry = dbs.scalar(select(AuditEntry).where(AuditEntry.action == "tool.requested"))
    assert "sam" not in str(entry.after).lower() and "Small Chat" not in str(entry.after)


def test_requests_are_rate_limited(app, dbs, client, event, tool):
    app.config["TOOL_REQUEST_LIMIT"] = 2
    url = f"/events/{event.slug}/tools/{tool.id}"
    assert [client.post_form(url, {**REQUEST, "email": f"sam{n}@smallchat.example"}).status_code
            for n in range(3)] == [303, 303, 429]
    assert len(dbs.scalars(select(ToolRequest)).all()) == 2


def test_a_tool_promised_only_in_unpublished_commitments_has_no_public_page(dbs, client, event, tool):
    promise = tool.commitments[0]
    dbs.merge(promise).visibility = CommitmentVisibility.PARTICIPANTS
    dbs.commit()
    assert client.get(f"/events/{event.slug}/tools/{tool.id}").status_code == 404
    assert client.post_form(f"/events/{event.slug}/tools/{tool.id}", REQUEST).status_code == 404


def test_the_owner_confirms_through_the_emailed_link_once(app, dbs, client, event, tool):
    client.post_form(f"/events/{event.slug}/tools/{tool.id}", REQUEST)
    body = dbs.scalar(select(OutboxMessage.text_body).where(OutboxMessage.kind == "tool-request"))
    link = re.search(r"(/tools/requests/[A-Za-z0-9_-]{43})", body).group(1)
    report = f"/events/{event.slug}/report"
    assert "Small Chat Ltd" not in client.get(report).get_data(as_text=True)  # built and cached
    owner = app.test_client()
    assert "Confirm the adoption" in owner.get(link).get_data(as_text=True)
    done = owner.post_form(link)
    assert done.status_code == 200 and "is recorded" in done.get_data(as_text=True)
    dbs.expire_all()
    adopter = dbs.scalar(select(Organisation).where(Organisation.name == "Small Chat Ltd"))
    assert [a.organisation_id for a in dbs.get(Tool, tool.id).adoptions] == [adopter.id]
    assert adopter.delegate_quota == 0  # known to Summit for the register, with no seats at the summit
    assert "Small Chat Ltd" in client.get(report).get_data(as_text=True)  # the cached report moved on
    used, unknown = owner.get(link), owner.get("/tools/requests/" + "x" * 43)
    assert used.status_code == unknown.status_code == 404
    assert used.get_data(as_text=True) == unknown.get_data(as_text=True)


def test_the_secretariat_confirms_on_the_tools_page(app, dbs, client, event, tool, secretariat_client):
    client.post_form(f"/events/{event.slug}/tools/{tool.id}", REQUEST)
    page = secretariat_client.get(f"/events/{event.slug}/tools").get_data(as_text=True)
    assert "Requests from outside the summit" in page and "sam@smallchat.example" in page
    request_id = dbs.scalar(select(ToolRequest.id))
    response = secretariat_client.post_form(f"/events/{event.slug}/tools/requests/{request_id}/confirm")
    assert response.status_code == 303
    dbs.expire_all()
    assert dbs.get(ToolRequest, request_id).confirmed_at is not None
    assert len(dbs.get(Tool, tool.id).adoptions) == 1
    assert "sam@smallchat.example" not in secretariat_client.get(f"/events/{event.slug}/tools").get_data(as_text=True)


def test_the_purge_forgets_who_asked_for_a_tool_after_its_period(app, dbs, client, event, tool):
    from datetime import timedelta

    from summit.privacy.retention import purge

    assert client.post_form(f"/events/{event.slug}/tools/{tool.id}", REQUEST).status_code == 303
    request = dbs.scalar(select(ToolRequest))
    assert purge(dbs, SYSTEM, app.config, now=request.created_at + timedelta(days=89))["tool_requests"] == 0
    later = request.created_at + timedelta(days=91)
    assert purge(dbs, SYSTEM, app.config, now=later)["tool_requests"] == 1
    dbs.commit()
    dbs.expire_all()
    request = dbs.scalar(select(ToolRequest))
    assert (request.name, request.organisation_name, request.email, request.purpose) == ("Erased requester", "", "",
                                                                                         "")
    assert request.tool_id == tool.id
    assert purge(dbs, SYSTEM, app.config, now=later)["tool_requests"] == 0  # idempotent

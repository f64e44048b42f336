"""Subject access: `flask people export EMAIL` and "Download my data" give everything held about one person, and
nothing about anyone else; secrets are named as present, never given."""

from __future__ import annotations

import json

import pytest

from summit.audit import SYSTEM
from summit.invitations.models import Answer
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from tests.conftest import PASSWORD


@pytest.fixture
def delegate_with_answer(app, dbs, make_event, make_organisation, make_user):
    event = make_event()
    company = make_organisation("Roblox", quota=3)
    user = make_user(email="nadia@example.org", organisation=company)
    with app.test_request_context():
        mine = invite(dbs, SYSTEM, event, name=user.person.name, email=user.email, organisation_name=company.name)
        respond(dbs, SYSTEM, mine, Reply(Answer.ACCEPT, dietary_other="No sesame", comment="Arriving late"))
        other = invite(dbs, SYSTEM, event, name="Someone Else", email="else@example.org",
                       organisation_name=company.name)
        respond(dbs, SYSTEM, other, Reply(Answer.ACCEPT, dietary_other="Other person's need"))
        dbs.commit()
    return user


def check_export(data, user):
    assert data["person"]["email"] == "nadia@example.org" and data["organisation"] == "Roblox"
    assert data["account"]["password_hash"] is True  # present, not given
    [invitation] = data["invitations"]
    assert invitation["dietary_other"] == "No sesame" and invitation["comment"] == "Arriving late"
    assert {m["subject"] for m in data["emails"]} >= {"Invitation: Test Summit"}
    assert data["history"] and data["sign_in_sessions"]
    text = json.dumps(data)
    assert "else@example.org" not in text and "Other person's need" not in text
    assert "$argon2" not in text


def test_download_my_data_from_the_profile(app, dbs, delegate_with_answer, client):
    assert client.sign_in("nadia@example.org", PASSWORD).status_code == 303
    profile = client.get("/profile/calendar").get_data(as_text=True)
    assert 'href="/profile/my-data"' in profile and "Download my data" in profile
    response = client.get("/profile/my-data")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    check_export(response.get_json(), delegate_with_answer)


def test_people_export_command(app, dbs, delegate_with_answer, runner):
    assert app.test_client().sign_in("nadia@example.org", PASSWORD).status_code == 303  # a session to list
    result = runner.invoke(args=["people", "export", "NADIA@example.org"])
    assert result.exit_code == 0, result.output
    check_export(json.loads(result.output), delegate_with_answer)
    assert runner.invoke(args=["people", "export", "nobody@example.org"]).exit_code != 0

"""`flask privacy purge`: each retention rule at its period, nothing before it, idempotent, audited as counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from summit.audit import SYSTEM, AuditEntry
from summit.auth.models import UserSession
from summit.clock import utcnow
from summit.events.models import Person
from summit.invitations.models import Answer, Invitation
from summit.invitations.rsvp import Reply, respond
from summit.invitations.services import invite
from summit.mail.models import MailStatus, OutboxMessage
from summit.privacy.retention import purge
from summit.throttle import ThrottleHit
from tests.conftest import PASSWORD


@pytest.fixture
def event(make_event):
    return make_event()


@pytest.fixture
def people(app, dbs, event, make_organisation, make_user):
    """An accepted invitee with needs, a declined one, and a delegate who signed in once and mistyped once."""
    company = make_organisation("Roblox", quota=3)
    answers = {"kept": Reply(Answer.ACCEPT, dietary=["vegan"], access_needs="Hearing loop"),
               "declined": Reply(Answer.DECLINE, comment="Travelling that week")}
    invitations = {}
    with app.test_request_context():
        for name, reply in answers.items():
            invitations[name] = invite(dbs, SYSTEM, event, name=f"Rep {name}", email=f"{name}@example.org",
                                       organisation_name=company.name, job_title="Engineer")
            respond(dbs, SYSTEM, invitations[name], reply)
        dbs.commit()
    user = make_user(email="delegate@example.org")
    client = app.test_client()
    assert client.sign_in(user.email, "wrong password!").status_code != 303
    assert client.sign_in(user.email, PASSWORD).status_code == 303
    dbs.execute(update(OutboxMessage).values(status=MailStatus.SENT, sent_at=func.now()))
    dbs.commit()
    return invitations


def counts_at(app, dbs, when):
    with app.app_context():
        counts = purge(dbs, SYSTEM, app.config, now=when)
    dbs.commit()
    dbs.expire_all()
    return counts


def test_nothing_goes_before_its_period(app, dbs, event, people):
    assert set(counts_at(app, dbs, utcnow() + timedelta(days=29)).values()) == {0}
    assert not dbs.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "privacy.purge"))


def test_each_rule_at_its_period_then_nothing_more(app, dbs, event, people):
    counts = counts_at(app, dbs, event.ends_at + timedelta(days=31))  # needs, mail, sign-ins: 30 days
    assert counts["needs"] == 1 and counts["declined_people"] == 0
    assert counts["mail_bodies"] == dbs.scalar(select(func.count()).select_from(OutboxMessage)) > 0
    assert counts["sign_in_attempts"] >= 1 and counts["sessions"] == 1
    kept = dbs.get(Invitation, people["kept"].id)
    assert not kept.special_needs and kept.person.email == "kept@example.org"
    assert dbs.scalar(select(func.count()).select_from(ThrottleHit)) == 0
    assert dbs.scalar(select(func.count()).select_from(UserSession)) == 0
    assert set(dbs.scalars(select(OutboxMessage.text_body))) == {""}
    assert dbs.scalar(select(func.count()).select_from(OutboxMessage).where(OutboxMessage.subject == "")) == 0

    counts = counts_at(app, dbs, event.ends_at + timedelta(days=91))  # declined invitees: 90 days
    assert counts["declined_people"] == 1 and counts["needs"] == 0
    declined = dbs.get(Invitation, people["declined"].id)
    assert declined.person.name == f"Erased person #{declined.person.id}" and declined.comment == ""
    assert dbs.scalar(select(func.count()).select_from(Person).where(Person.email == "declined@example.org")) == 0
    assert dbs.get(Invitation, people["kept"].id).person.name == "Rep kept"  # accepted: kept

    assert set(counts_at(app, dbs, event.ends_at + timedelta(days=92)).values()) == {0}  # idempotent
    entries = dbs.scalars(select(AuditEntry).where(AuditEntry.action == "privacy.purge")).all()
    assert len(entries) == 2 and entries[1].after["declined_people"] == 1


def test_the_purge_command_reports_counts(app, dbs, runner, people):
    result = runner.invoke(args=["privacy", "purge"])
    assert result.exit_code == 0 and "mail bodies: 0" in result.output and "declined people: 0" in result.output


def test_a_replaced_invitation_link_is_forgotten_after_the_sign_in_period(app, dbs, people):
    """Its holder is told "replaced" for a month; then the old link is just unknown, and the new one still works."""
    from summit.invitations.links import ended_link
    from summit.invitations.services import find_by_token, send_invitation
    from summit.tokens import new_token

    invitation = people["kept"]
    old, digest = new_token()
    invitation.token_hash = digest
    dbs.commit()
    with app.test_request_context():
        send_invitation(dbs, SYSTEM, invitation)  # a new link: the old one ends as replaced
        dbs.commit()
    assert ended_link(dbs, old) is not None

    assert counts_at(app, dbs, utcnow() + timedelta(days=29))["ended_invitation_links"] == 0
    assert ended_link(dbs, old) is not None
    assert counts_at(app, dbs, utcnow() + timedelta(days=31))["ended_invitation_links"] == 1
    assert ended_link(dbs, old) is None and find_by_token(dbs, old) is None
    assert dbs.get(Invitation, invitation.id).token_hash not in (None, digest)  # the current link is untouched

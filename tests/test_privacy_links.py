"""No live secret at rest: a personal link's token leaves the outbox once its message has gone or failed for good."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from summit.audit import SYSTEM
from summit.invitations.services import invite
from summit.mail.models import MailStatus, OutboxMessage
from summit.mail.services import REDACTED, deliver_due, retry_now
from summit.mail.transport import from_url
from summit.tokens import hash_token
from tests.db_dump import TOKEN_LIKE, dump

SENDER = "Summit <summit@summit.test>"


@pytest.fixture
def app_config(smtp_app_config):
    return smtp_app_config


def invite_one(app, dbs, make_event, make_organisation, email="rep@example.org"):
    company = make_organisation("Roblox")
    with app.test_request_context():
        invitation = invite(dbs, SYSTEM, make_event(), name="Rep One", email=email,
                            organisation_name=company.name, job_title="Engineer", send=True)
        dbs.commit()
    return invitation


def deliver(app, dbs):
    with from_url(app.config["MAIL_URL"]) as transport:
        return deliver_due(dbs, transport, SENDER, worker="w1")


def live_tokens_at_rest(dbs) -> list[str]:
    """Every token-shaped string in the database whose hash is also stored there: a link that would work."""
    text = dump(dbs)
    return [candidate for candidate in TOKEN_LIKE.findall(text) if hash_token(candidate) in text]


def test_once_delivered_no_valid_token_can_be_read_from_the_database(app, dbs, smtp_server, client, make_event,
                                                                      make_organisation):
    invite_one(app, dbs, make_event, make_organisation)
    assert live_tokens_at_rest(dbs), "while queued, the outbox holds the link (the check can find one)"
    assert deliver(app, dbs)["sent"] == 1
    assert live_tokens_at_rest(dbs) == []
    row = dbs.scalar(select(OutboxMessage))
    assert REDACTED in row.text_body and REDACTED in row.html_body and row.subject.startswith("Invitation")
    [received] = smtp_server.messages
    sent_text = received.get_body(("plain",)).get_content()
    [token] = TOKEN_LIKE.findall(sent_text)
    assert client.get(f"/rsvp/{token}").headers["Location"] == "/rsvp"  # the emailed link still works


def test_a_message_that_failed_for_good_keeps_no_link_and_cannot_be_retried(app, dbs, smtp_server, make_event,
                                                                          make_organisation, organiser):
    smtp_server.refuse_next("550 No such user here")
    invite_one(app, dbs, make_event, make_organisation)
    assert deliver(app, dbs)["failed"] == 1
    assert live_tokens_at_rest(dbs) == []
    row = dbs.scalar(select(OutboxMessage))
    assert row.status is MailStatus.FAILED
    with pytest.raises(ValueError, match="personal link"):
        retry_now(dbs, SYSTEM, row)

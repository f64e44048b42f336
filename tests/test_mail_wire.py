"""Mail at wire speed: bytes prepared when a message is queued, one SMTP connection per batch (reconnecting after a
failure), one short transaction per message; links leave the prepared bytes with the bodies."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from summit.mail import message as mail_message
from summit.mail.models import MailStatus, OutboxMessage
from summit.mail.services import envelope_for
from summit.mail.transport import SMTPTransport
from tests.test_mail import SENDER, deliver, queue
from tests.test_mail import test_template as test_template  # noqa: F401 - the tiny mail template, as a fixture
from tests.test_privacy_links import invite_one, live_tokens_at_rest


@pytest.fixture
def app_config(smtp_app_config):
    return smtp_app_config


@pytest.fixture
def connections(monkeypatch):
    """How many times the SMTP transport opened a connection."""
    opened = []
    real = SMTPTransport._connect

    def connect(self):
        opened.append(1)
        return real(self)

    monkeypatch.setattr(SMTPTransport, "_connect", connect)
    return opened


def test_the_wire_bytes_are_prepared_when_queued_and_equal_a_message_built_at_send_time(app, dbs):
    [row] = queue(app, dbs, to_name="Zoë Ångström-Łukasiewicz, Ph.D.", subject="Ihre Einladung — 検出 ✓ " * 4)
    dbs.expire_all()
    row = dbs.get(OutboxMessage, row.id)
    assert row.prepared is not None
    for sender in (SENDER, app.config["MAIL_FROM"], "Gipfel-Sekretariat Ümlaut <sekretariat@summit.test>"):
        built = mail_message.build(envelope_for(row, sender)).as_bytes()
        assert same_but_boundaries(mail_message.wire(sender, row.prepared), built)


def same_but_boundaries(one: bytes, other: bytes) -> bool:
    """Equal bytes once each message's random multipart boundaries are named alike."""
    def plain(data: bytes) -> bytes:
        for i, boundary in enumerate(dict.fromkeys(re.findall(rb'boundary="([^"]+)"', data))):
            data = data.replace(boundary, b"BOUNDARY-%d" % i)
        return data

    return plain(one) == plain(other)


def test_a_batch_goes_over_one_connection_with_no_mime_building_at_send_time(app, dbs, smtp_server, connections,
                                                                              monkeypatch):
    queue(app, dbs, n=30)
    monkeypatch.setattr(mail_message, "build", lambda envelope: pytest.fail("MIME built at send time"))
    assert deliver(app, dbs) == {"sent": 30, "retry": 0, "failed": 0}
    assert len(connections) == 1
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages) == sorted(
        f"delegate{i}@example.org" for i in range(30))
    assert smtp_server.messages[0].get_body(("plain",)).get_content().strip() == "Message 0"
    assert dbs.scalars(select(OutboxMessage.prepared)).all() == [None] * 30  # gone with the bodies once sent


def test_a_refusal_mid_batch_reconnects_and_the_rest_still_go_once(app, dbs, smtp_server, connections):
    queue(app, dbs, n=10)
    smtp_server.refuse_next("421 Service not available, try later")
    counts = deliver(app, dbs)
    assert counts == {"sent": 9, "retry": 1, "failed": 0}
    assert len(connections) == 2  # the 421 dropped the connection; the next message opened a new one
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == len(set(ids)) == 9
    assert dbs.scalar(select(OutboxMessage.status).where(OutboxMessage.last_error.is_not(None))) is MailStatus.PENDING


def test_each_message_costs_one_statement_after_its_batch_is_claimed_and_read(app, dbs, smtp_server):
    def statements(n: int) -> int:
        queue(app, dbs, n=n)
        seen = []
        record = lambda _c, _cur, statement, *_a: seen.append(statement)  # noqa: E731
        engine = app.extensions["summit.engine"]
        sa_event.listen(engine, "before_cursor_execute", record)
        try:
            assert deliver(app, dbs)["sent"] == n
        finally:
            sa_event.remove(engine, "before_cursor_execute", record)
        return len([s for s in seen if not s.lstrip().upper().startswith("BEGIN")])

    five, twenty = statements(5), statements(20)
    assert twenty - five == 15, (five, twenty)  # one UPDATE per message; the claim and the read are per batch


def test_a_delivered_invitation_keeps_no_link_in_its_prepared_bytes(app, dbs, smtp_server, make_event,
                                                                     make_organisation):
    invitation = invite_one(app, dbs, make_event, make_organisation)
    row = dbs.scalar(select(OutboxMessage).where(OutboxMessage.invitation_id == invitation.id))
    assert row.prepared is not None and row.calendar  # the iTIP part travels base64-encoded in the prepared bytes
    assert live_tokens_at_rest(dbs)
    assert deliver(app, dbs)["sent"] == 1
    assert live_tokens_at_rest(dbs) == []
    dbs.expire_all()
    assert dbs.scalar(select(OutboxMessage.prepared)) is None


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_at_most_its_message_in_flight_again(app, dbs,
                                                                                                 smtp_server):
    """kill -9 while a batch is half sent: the rest stay claimed until the claim goes stale, then another worker
    sends them. What was sent and committed is never sent again; only a message whose 250 arrived but whose commit
    did not (at most one) can go twice."""
    import os
    import signal
    import subprocess
    import sys
    import time
    from datetime import datetime, timedelta, timezone

    from sqlalchemy import update

    from tests.conftest import ROOT

    queue(app, dbs, n=20)
    smtp_server.handler.delays["DATA"] = 0.15
    env = {**os.environ, "SUMMIT_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"],
           "SECRET_KEY": app.config["SECRET_KEY"], "BASE_URL": app.config["BASE_URL"],
           "MAIL_URL": app.config["MAIL_URL"], "MAIL_FROM": SENDER}
    worker = subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "mail", "send"], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if len(smtp_server.messages) >= 5 or worker.poll() is not None:
                break
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    received = len(smtp_server.messages)
    assert 5 <= received < 20, "the worker must die mid-batch"
    smtp_server.handler.delays["DATA"] = 0
    assert deliver(app, dbs)["sent"] == 0  # its claims are still live: nobody else sends them yet
    dbs.execute(update(OutboxMessage).where(OutboxMessage.status == MailStatus.SENDING)
                .values(claimed_at=datetime.now(timezone.utc) - timedelta(hours=1)))
    dbs.commit()
    deliver(app, dbs)
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert set(ids) == set(dbs.scalars(select(OutboxMessage.message_id)))  # nothing lost
    assert len(ids) - len(set(ids)) <= 1  # at most the one in flight went twice
    assert set(dbs.scalars(select(OutboxMessage.status))) == {MailStatus.SENT}

"""Mail never gets lost: the outbox, a real SMTP server (aiosmtpd), retries, failures, exactly-once delivery."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update

from summit.mail import message as mail_message
from summit.mail.models import MailStatus, OutboxMessage
from summit.mail.services import backoff, claim_due, deliver_due, queue_mail
from summit.mail.transport import FileTransport, SMTPTransport, TemporaryFailure, describe, from_url
from summit.mail.worker import deliver_once

SENDER = "Summit <summit@summit.test>"


@pytest.fixture
def app_config(smtp_app_config):
    return smtp_app_config


def queue(app, dbs, n: int = 1, **fields) -> list[OutboxMessage]:
    rows = []
    with app.test_request_context():
        for i in range(n):
            rows.append(queue_mail(
                dbs, to_name=fields.get("to_name", f"Delegate {i}"), to_address=f"delegate{i}@example.org",
                subject=fields.get("subject", "Hello"), template="test", context={"n": i}, kind="test"))
    dbs.commit()
    return rows


@pytest.fixture(autouse=True)
def test_template(app, tmp_path):
    """A tiny mail template for these tests, beside the real ones."""
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_loader = ChoiceLoader([DictLoader({"mail/test.txt": "Message {{ n }}", "mail/test.html":
                                                 "<p>Message {{ n }}</p>"}), app.jinja_loader])


def deliver(app, dbs, worker: str = "w1") -> dict[str, int]:
    with from_url(app.config["MAIL_URL"]) as transport:
        return deliver_due(dbs, transport, SENDER, worker=worker)


def make_due(dbs) -> None:
    dbs.execute(update(OutboxMessage).values(next_attempt_at=datetime.now(timezone.utc) - timedelta(seconds=1)))
    dbs.commit()


def test_a_queued_message_is_delivered_once_as_text_and_html(app, dbs, smtp_server):
    queue(app, dbs)
    assert deliver(app, dbs) == {"sent": 1, "retry": 0, "failed": 0}
    assert deliver(app, dbs) == {"sent": 0, "retry": 0, "failed": 0}
    [received] = smtp_server.messages
    assert received["To"] == "Delegate 0 <delegate0@example.org>"
    assert received.get_body(("plain",)).get_content().strip() == "Message 0"
    assert "<p>Message 0</p>" in received.get_body(("html",)).get_content()
    row = dbs.scalar(select(OutboxMessage))
    assert received["Message-ID"] == row.message_id and row.status is MailStatus.SENT and row.attempts == 1


def test_a_421_is_retried_with_backoff_then_delivered(app, dbs, smtp_server):
    smtp_server.refuse_next("421 Service not available, try later")
    queue(app, dbs)
    assert deliver(app, dbs) == {"sent": 0, "retry": 1, "failed": 0}
    row = dbs.scalar(select(OutboxMessage))
    assert row.status is MailStatus.PENDING and "421" in row.last_error
    assert row.next_attempt_at > datetime.now(timezone.utc) + timedelta(seconds=20)
    assert deliver(app, dbs)["sent"] == 0  # not due yet
    make_due(dbs)
    assert deliver(app, dbs) == {"sent": 1, "retry": 0, "failed": 0}
    assert len(smtp_server.messages) == 1


def test_a_550_is_marked_failed_with_the_reason(app, dbs, smtp_server):
    smtp_server.refuse_next("550 No such user here")
    queue(app, dbs)
    assert deliver(app, dbs) == {"sent": 0, "retry": 0, "failed": 1}
    row = dbs.scalar(select(OutboxMessage))
    assert row.status is MailStatus.FAILED and row.last_error.startswith("550")
    assert smtp_server.messages == []


def test_too_many_temporary_failures_end_in_failed(app, dbs, smtp_server):
    from summit.mail.services import MAX_ATTEMPTS

    smtp_server.refuse_next(*["451 Try again"] * MAX_ATTEMPTS)
    queue(app, dbs)
    for _ in range(MAX_ATTEMPTS):
        make_due(dbs)
        deliver(app, dbs)
    row = dbs.scalar(select(OutboxMessage))
    assert row.status is MailStatus.FAILED and "gave up after 8 attempts" in row.last_error


def test_server_down_for_a_while_then_back_delivers_every_message_exactly_once(app, dbs, smtp_server):
    queue(app, dbs, n=5)
    smtp_server.stop()
    assert deliver(app, dbs) == {"sent": 0, "retry": 5, "failed": 0}
    assert "Connection refused" in dbs.scalar(select(OutboxMessage.last_error).limit(1))
    smtp_server.start()
    make_due(dbs)
    assert deliver(app, dbs) == {"sent": 5, "retry": 0, "failed": 0}
    make_due(dbs)
    assert deliver(app, dbs)["sent"] == 0
    assert sorted(m["To"].addresses[0].addr_spec for m in smtp_server.messages) == [
        f"delegate{i}@example.org" for i in range(5)]


def test_two_workers_at_once_never_send_a_message_twice(app, dbs, smtp_server):
    from sqlalchemy.orm import Session

    queue(app, dbs, n=40)
    engine = app.extensions["summit.engine"]
    results: list[dict[str, int]] = []

    def work(name: str) -> None:
        with Session(engine) as session, from_url(app.config["MAIL_URL"]) as transport:
            results.append(deliver_due(session, transport, SENDER, worker=name, limit=5))

    threads = [threading.Thread(target=work, args=(f"worker-{i}",)) for i in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(r["sent"] for r in results) == 40
    ids = [m["Message-ID"] for m in smtp_server.messages]
    assert len(ids) == len(set(ids)) == 40


def test_claiming_is_atomic(app, dbs):
    queue(app, dbs, n=3)
    first = claim_due(dbs, "a")
    second = claim_due(dbs, "b")
    assert len(first) == 3 and second == []


def test_stale_claims_of_a_crashed_worker_are_taken_over(app, dbs):
    queue(app, dbs, n=1)
    claim_due(dbs, "crashed")
    dbs.execute(update(OutboxMessage).values(claimed_at=datetime.now(timezone.utc) - timedelta(hours=1)))
    dbs.commit()
    assert len(claim_due(dbs, "rescuer")) == 1


def test_backoff_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert backoff(30) == timedelta(hours=2)


@pytest.mark.parametrize("evil", ["Eve\r\nBcc: victim@example.org", "Eve\nSubject: spoof", "Eve\x00\x0b"])
def test_no_header_can_be_injected_through_a_name_or_subject(evil):
    envelope = mail_message.Envelope(
        message_id="<1@summit.test>", sender=SENDER, to_name=evil, to_address="eve@example.org", subject=evil,
        text="t", html="<p>t</p>", date=datetime.now(timezone.utc))
    raw = mail_message.build(envelope).as_bytes()
    headers = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\nBcc:" not in headers and headers.count(b"\nSubject:") == 1
    assert b"victim" not in headers.split(b"To:")[0]


def test_file_transport_writes_eml_files(tmp_path):
    envelope = mail_message.Envelope(
        message_id="<abc@summit.test>", sender=SENDER, to_name="A", to_address="a@example.org", subject="Hi",
        text="t", html="<p>t</p>", date=datetime.now(timezone.utc))
    FileTransport(str(tmp_path)).send(mail_message.build(envelope))
    assert (tmp_path / "abc@summit.test.eml").read_bytes().startswith(b"From: Summit")


def test_mail_urls(tmp_path):
    smtp = from_url("smtp://user:p%40ss@mail.example.org:587")
    assert isinstance(smtp, SMTPTransport) and smtp.password == "p@ss" and not smtp.implicit_tls
    assert from_url("smtps://mail.example.org").port == 465
    assert isinstance(from_url(f"file://{tmp_path}"), FileTransport)
    assert describe("smtp://user:secret@mail.example.org:587") == "smtp://user:***@mail.example.org:587"
    with pytest.raises(ValueError):
        from_url("http://example.org")


def test_connection_refused_is_temporary():
    transport = SMTPTransport("127.0.0.1", 1, None, None, False, timeouts={"greeting": 2})
    envelope = mail_message.Envelope(
        message_id="<x@y>", sender=SENDER, to_name="A", to_address="a@example.org", subject="s", text="t",
        html="h", date=datetime.now(timezone.utc))
    with pytest.raises(TemporaryFailure):
        transport.send(mail_message.build(envelope))


def test_mail_send_command(app, dbs, runner, smtp_server):
    queue(app, dbs, n=2)
    result = runner.invoke(args=["mail", "send"])
    assert result.exit_code == 0 and "sent 2" in result.output
    assert dbs.scalar(select(func.count()).where(OutboxMessage.status == MailStatus.SENT)) == 2


def test_organisers_read_the_outbox_and_retry_a_failure(app, dbs, smtp_server, organiser_client, delegate_client):
    smtp_server.refuse_next("550 Mailbox unavailable")
    queue(app, dbs)
    deliver(app, dbs)
    page = organiser_client.get("/admin/outbox").get_data(as_text=True)
    assert "550 Mailbox unavailable" in page and "Failed" in page
    assert delegate_client.get("/admin/outbox").status_code == 403
    row = dbs.scalar(select(OutboxMessage))
    assert organiser_client.post_form(f"/admin/outbox/{row.id}/retry").status_code == 303
    assert deliver(app, dbs)["sent"] == 1


# RFC 5321's waits, scaled down: a second for each command, ten for the reply to the final ".". The server's delays
# sit between the two, so only which wait applies decides the outcome, not how fast the machine is.
SHORT_WAITS = {"greeting": 1, "command": 1, "data_start": 1, "data_block": 1, "data_end": 10}


def test_a_slow_reply_to_the_final_dot_is_awaited_and_the_message_sent_once(app, dbs, smtp_server):
    app.config["MAIL_TIMEOUTS"] = SHORT_WAITS
    smtp_server.handler.delays["DATA"] = 2.5
    queue(app, dbs)
    assert deliver_once(app) == {"sent": 1, "retry": 0, "failed": 0}
    make_due(dbs)
    assert deliver_once(app) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(smtp_server.messages) == 1
    row = dbs.scalar(select(OutboxMessage))
    assert row.status is MailStatus.SENT and row.attempts == 1


def test_a_command_that_gets_no_reply_in_time_is_retried(app, dbs, smtp_server):
    app.config["MAIL_TIMEOUTS"] = SHORT_WAITS
    smtp_server.handler.delays["MAIL"] = 2.5
    queue(app, dbs)
    assert deliver_once(app) == {"sent": 0, "retry": 1, "failed": 0}
    assert "timed out" in dbs.scalar(select(OutboxMessage.last_error))
    smtp_server.handler.delays.clear()
    make_due(dbs)
    assert deliver_once(app) == {"sent": 1, "retry": 0, "failed": 0}
    assert len(smtp_server.messages) == 1


def test_unknown_mail_timeouts_are_refused():
    with pytest.raises(ValueError, match="data_end"):
        from_url("smtp://mail.example.org", {"data_ending": 600})


def test_credentials_are_never_sent_over_an_unencrypted_connection(app, dbs, smtp_server, caplog):
    app.config["MAIL_URL"] = f"smtp://summit:pa55-w0rd-secret@127.0.0.1:{smtp_server.port}"
    queue(app, dbs)
    with caplog.at_level(logging.DEBUG):
        assert deliver_once(app) == {"sent": 0, "retry": 1, "failed": 0}
    assert smtp_server.handler.logins == [] and smtp_server.messages == []
    row = dbs.scalar(select(OutboxMessage))
    assert row.status is MailStatus.PENDING
    assert "unencrypted" in row.last_error and "STARTTLS" in row.last_error
    assert "pa55-w0rd-secret" not in row.last_error and "pa55-w0rd-secret" not in caplog.text


def test_without_credentials_a_plain_connection_still_delivers(app, dbs, smtp_server):
    queue(app, dbs)
    assert deliver_once(app)["sent"] == 1
    assert smtp_server.handler.logins == []

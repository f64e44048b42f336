"""Issue #13's mail row (the outbox against a bare smtplib loop sending the same bytes to the same aiosmtpd sink) and
its statement-count row (list, grid and a cold feed at 10 and 1,000 sessions)."""

from __future__ import annotations

import smtplib
import statistics
import time
from datetime import datetime, timedelta, timezone
from email.utils import parseaddr

from aiosmtpd.controller import Controller
from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from summit import db
from summit.agenda.models import AgendaSession, Visibility
from summit.audit import SYSTEM
from summit.csvio import write_csv
from summit.events.models import OrganisationKind
from summit.events.services import create_event, create_organisation
from summit.invitations.importer import plan_import, run_import
from summit.mail import message as mail_message
from summit.mail.models import MailStatus, OutboxMessage
from summit.mail.services import deliver_due, envelope_for
from summit.mail.transport import from_url

from .common import bench_app, env_int
from .data import build
from .mail_import import Sink, free_port

MESSAGES = env_int("BENCH_MESSAGES", 2000)
SENDER = "Summit <summit@bench.test>"
RESTORED = ["text_body", "html_body", "calendar"] + (["prepared"] if hasattr(OutboxMessage, "prepared") else [])


def rows(rounds: int) -> list[tuple]:
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with bench_app(MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_FROM=SENDER) as (app, _folder), app.app_context():
            queue_invitations(MESSAGES)
            with Session(db.engine) as session:
                saved = [dict(row._mapping) for row in session.execute(
                    select(OutboxMessage.id, *(getattr(OutboxMessage, c) for c in RESTORED)))]
                wire = [(parseaddr(SENDER)[1], row.to_address,
                         mail_message.build(envelope_for(row, SENDER)).as_bytes())
                        for row in session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
            bare, outbox = [], []
            for _ in range(rounds):
                bare.append(bare_loop(port, wire))
                restore(saved)
                sink.count = 0
                outbox.append(deliver_all(app))
                assert sink.count == MESSAGES, sink.count
    finally:
        controller.stop()
    mine, floor = statistics.median(outbox), statistics.median(bare)
    return [("outbox delivery to a local SMTP sink (msg/s)", f"{MESSAGES:,} msgs", mine, floor,
             f"{mine / floor:.2f}", "≥ 0.5")]


def queue_invitations(n: int) -> None:
    """n invitations imported from CSV with their emails queued (each with an iTIP calendar part), as organisers do."""
    data = write_csv(["name", "email", "organisation", "job title"],
                     [(f"Person {i}", f"person{i}@company{i % 50}.example", f"Company {i % 50}", "Engineer")
                      for i in range(n)]).encode()
    with Session(db.engine) as session:
        start = datetime.now(timezone.utc) + timedelta(days=30)
        event = create_event(session, SYSTEM, slug="bench", name="Bench Summit", venue="Hall", city="Redmond",
                             timezone="America/Los_Angeles", starts_at=start, ends_at=start + timedelta(days=1),
                             rsvp_deadline=start - timedelta(days=5))
        for c in range(50):
            create_organisation(session, SYSTEM, name=f"Company {c}", kind=OrganisationKind.COMPANY, delegate_quota=n)
        session.commit()
        from flask import current_app

        with current_app.test_request_context():
            plan = plan_import(session, event, data)
            run_import(session, SYSTEM, event, plan, send=True)
            session.commit()


def restore(saved: list[dict]) -> None:
    """Every message back to pending with its bodies (and prepared bytes) as queued, for the next round."""
    with Session(db.engine) as session:
        session.execute(update(OutboxMessage), [{**row, "status": MailStatus.PENDING, "attempts": 0,
                                                 "claimed_by": None, "sent_at": None,
                                                 "next_attempt_at": datetime.now(timezone.utc) - timedelta(seconds=1)}
                                                for row in saved])
        session.commit()


def bare_loop(port: int, wire: list[tuple[str, str, bytes]]) -> float:
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for sender, recipient, data in wire:
            smtp.sendmail(sender, [recipient], data)
    return len(wire) / (time.perf_counter() - start)


def deliver_all(app) -> float:
    """What `flask mail send` does (summit.mail.worker.deliver_once), timed."""
    start = time.perf_counter()
    with (Session(db.engine, expire_on_commit=False) as session,
          from_url(app.config["MAIL_URL"], app.config["MAIL_TIMEOUTS"]) as transport):
        counts = deliver_due(session, transport, app.config["MAIL_FROM"])
    assert counts["sent"] == MESSAGES, counts
    return MESSAGES / (time.perf_counter() - start)


def statement_rows() -> list[tuple]:
    paths = ["/events/bench/agenda?day=all", "/events/bench/agenda?view=grid&day=all", "/events/bench/agenda.ics"]
    counts = {}
    for size in (10, 1000):
        with bench_app() as (app, _folder):
            with app.app_context(), Session(db.engine) as session:
                build(session, size, 50)
                session.execute(update(AgendaSession).values(visibility=Visibility.PUBLIC))
                session.commit()
            client = app.test_client()
            app.extensions["summit.cache"].clear()
            counts[size] = [statements(app, client, path) for path in paths]
    return [("SQL statements, 10 → 1,000 sessions (list, grid, cold feed)", "",
             " / ".join(f"{a} → {b}" for a, b in zip(counts[10], counts[1000], strict=True)), "",
             "constant" if counts[10] == counts[1000] else "grows", "constant")]


def statements(app, client, path: str) -> int:
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    sa_event.listen(app.extensions["summit.engine"], "before_cursor_execute", record)
    try:
        assert client.get(path).status_code == 200
    finally:
        sa_event.remove(app.extensions["summit.engine"], "before_cursor_execute", record)
    return len(seen)

"""Import N invitations from CSV, remind them all, deliver their emails to a local aiosmtpd; against bare smtplib.

N defaults to 300, the import issue 12 asks to finish in well under a second of Summit's own code
(BENCH_INVITATIONS=5000 for a bigger run; the iTIP calendar attachment is also timed apart). Baseline: the same
number of small messages sent over one smtplib connection to the same server in the same run.
"""

from __future__ import annotations

import smtplib
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from sqlalchemy import update
from sqlalchemy.orm import Session

from summit import db
from summit.audit import SYSTEM
from summit.csvio import write_csv
from summit.events.models import OrganisationKind
from summit.events.services import create_event, create_organisation
from summit.invitations import notify
from summit.invitations.importer import plan_import, run_import
from summit.invitations.models import Invitation
from summit.invitations.services import send_reminders
from summit.mail.services import deliver_due
from summit.mail.transport import from_url

from .common import Result, bench_app, env_int, measure, table


class Sink:
    def __init__(self) -> None:
        self.count = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main() -> None:
    n = env_int("BENCH_INVITATIONS", 300)
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        run(n, port, sink)
    finally:
        controller.stop()


def run(n: int, port: int, sink: Sink) -> None:
    from datetime import datetime, timedelta, timezone

    def bare_loop() -> None:
        with smtplib.SMTP("127.0.0.1", port) as smtp:
            for i in range(n):
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = "a@bench.test", f"r{i}@bench.test", "Hi"
                message.set_content("Hello")
                smtp.send_message(message)

    baseline = measure("baseline: bare smtplib send loop", n, bare_loop)
    sink.count = 0

    with bench_app(MAIL_URL=f"smtp://127.0.0.1:{port}") as (app, _folder):
        rows = [(f"Person {i}", f"person{i}@company{i % 50}.example", f"Company {i % 50}", "Engineer")
                for i in range(n)]
        data = write_csv(["name", "email", "organisation", "job title"], rows).encode()
        with app.app_context(), Session(db.engine) as session:
            start = datetime.now(timezone.utc) + timedelta(days=30)
            event = create_event(session, SYSTEM, slug="bench", name="Bench Summit", venue="Hall", city="Redmond",
                                 timezone="America/Los_Angeles", starts_at=start, ends_at=start + timedelta(days=1),
                                 rsvp_deadline=start - timedelta(days=5))
            for c in range(50):
                create_organisation(session, SYSTEM, name=f"Company {c}", kind=OrganisationKind.COMPANY,
                                    delegate_quota=n)
            session.commit()

            def import_all() -> None:
                plan = plan_import(session, event, data)
                assert plan.ok, plan.problems[:3]
                run_import(session, SYSTEM, event, plan, send=True)
                session.commit()

            with timed(notify, "invitation_request") as calendar_time:
                imported = measure(f"import {n} invitations from CSV (+ outbox rows)", n, import_all)
            own = Result(f"… of which Summit's own code (all but the iTIP calendar, {calendar_time[0]:.2f} s)", n,
                         imported.seconds - calendar_time[0])
            session.execute(update(Invitation).values(sent_at=datetime.now(timezone.utc) - timedelta(days=5)))
            session.commit()

            def remind_all() -> None:
                assert send_reminders(session, SYSTEM, event) == n
                session.commit()

            reminded = measure(f"queue {n} reminders (one request)", n, remind_all)

        def deliver_all() -> None:
            with Session(db.engine) as session, from_url(app.config["MAIL_URL"]) as transport:
                counts = deliver_due(session, transport, "Summit <summit@bench.test>", limit=200)
            assert counts["sent"] == 2 * n, counts

        delivered = measure(f"deliver {2 * n} messages through the outbox", 2 * n, deliver_all)
        assert sink.count == 2 * n
    table([baseline, imported, own, reminded, delivered], baseline, unit="rows or messages")


@contextmanager
def timed(module: object, name: str) -> Iterator[list[float]]:
    """Time spent in module.name while the block runs, in seconds (the list's one item, filled as calls return)."""
    spent = [0.0]
    real = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return real(*args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - start

    setattr(module, name, wrapper)
    try:
        yield spent
    finally:
        setattr(module, name, real)

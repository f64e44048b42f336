"""The public report page and its JSON at 5,000 commitments with 20,000 progress updates, through gunicorn,
against a Flask hello-world served the same way in the same run; with the SQL query count of each."""

from __future__ import annotations

import os
import random
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import event as sa_event
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from summit import db
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.commitments.models import (
    Commitment,
    CommitmentStatus,
    CommitmentVisibility,
    Expectation,
    ProgressUpdate,
    Rag,
    UpdateState,
    commitment_organisations,
)
from summit.events.models import Event, Organisation, OrganisationKind, Series

from .common import SECRET, bench_app
from .http import gunicorn, load, table

COMMITMENTS = int(os.environ.get("BENCH_COMMITMENTS", "5000"))
UPDATES = int(os.environ.get("BENCH_UPDATES", "20000"))


def build(session: Session, commitments: int, updates: int) -> None:
    rng = random.Random(11)
    start = datetime(2026, 11, 12, 17, 0, tzinfo=timezone.utc)
    event = Event(series=Series(name="Bench series"), slug="bench", name="Bench Summit", venue="Campus",
                  city="Redmond", timezone="America/Los_Angeles",
                  starts_at=start, ends_at=start + timedelta(days=2), rsvp_deadline=start - timedelta(days=5))
    orgs = [Organisation(name=f"Company {i:02d}", kind=OrganisationKind.COMPANY, delegate_quota=5) for i in range(40)]
    session.add_all([event, *orgs])
    session.flush()
    author = create_user(session, SYSTEM, email="author@bench.example", role=Role.DELEGATE, password=None,
                         name="Author", organisation_name="Company 00")
    session.flush()
    statuses, rags = list(CommitmentStatus), list(Rag)
    session.execute(insert(Commitment), [{
        "event_id": event.id, "reference": f"C-{i + 1:04d}", "title": f"Commitment {i}: ship a grooming classifier",
        "description": "Illustrative.", "expectation": rng.choice(list(Expectation)),
        "lead_organisation_id": orgs[i % 40].id, "visibility": CommitmentVisibility.PUBLIC if i % 5
        else CommitmentVisibility.PARTICIPANTS, "status": rng.choice(statuses), "progress": rng.randint(0, 100),
        "rag": rng.choice(rags), "rag_reason": "", "due_on": date(2027, 1, 1) + timedelta(days=i % 400),
        "delivered_on": date(2027, 1, 1) + timedelta(days=i % 300), "verification_evidence": "",
    } for i in range(commitments)])
    ids = session.scalars(select(Commitment.id)).all()
    session.execute(insert(commitment_organisations), [
        {"commitment_id": cid, "organisation_id": orgs[(n % 40)].id} for n, cid in enumerate(ids)])
    session.execute(insert(ProgressUpdate), [{
        "commitment_id": rng.choice(ids), "author_id": author.id, "text": "Progress.", "progress": 50,
        "evidence": "https://example.org/evidence", "state": UpdateState.ACCEPTED} for _ in range(updates)])
    session.commit()


def count_queries(app, path: str) -> int:
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    engine = app.extensions["summit.engine"]
    sa_event.listen(engine, "before_cursor_execute", listener)
    try:
        assert app.test_client().get(path).status_code == 200
    finally:
        sa_event.remove(engine, "before_cursor_execute", listener)
    return len(statements)


def main() -> None:
    with gunicorn("bench.hello:app") as base:
        baseline = load("baseline: Flask hello-world", base + "/")
    with bench_app() as (app, _folder):
        with app.app_context(), Session(db.engine) as session:
            build(session, COMMITMENTS, UPDATES)
        queries = {path: count_queries(app, path) for path in ("/events/bench/report", "/events/bench/report.json")}
        env = {"SUMMIT_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": SECRET,
               "BASE_URL": "http://bench.test", "MAIL_URL": app.config["MAIL_URL"]}
        requests = int(os.environ.get("BENCH_REPORT_REQUESTS", "40"))
        with gunicorn("wsgi:app", env) as base:
            rows = [load(f"report page, {COMMITMENTS} commitments, {UPDATES} updates", base + "/events/bench/report",
                         requests=requests),
                    load(f"report.json, {COMMITMENTS} commitments, {UPDATES} updates",
                         base + "/events/bench/report.json", requests=requests)]
    table(rows, baseline)
    print()
    for path, n in queries.items():
        print(f"- {path}: {n} SQL queries at {COMMITMENTS} commitments (related rows load 500 commitments per query; "
              "tests/test_commitments.py checks the count does not grow from 5 to 105 commitments)")

"""Name badges for 500 people (PDF, 8 a sheet and one a page) and the check-in search among 2,000 people, in process.

Baselines in the same run: fpdf2 writing 500 names on 500 pages with nothing else (the floor for a badge PDF), and
the health check through the same test client (the floor for a signed-in page). BENCH_BADGES, BENCH_PEOPLE and
BENCH_SEARCHES change the sizes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from summit import db
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.checkin import codes
from summit.checkin.models import CheckInCode
from summit.events.models import Event, Organisation, OrganisationKind, Person
from summit.invitations.models import Invitation, InvitationStatus
from summit.pdf import new_document, to_bytes

from .common import bench_app, env_int, measure, table

PASSWORD = "bench password 0123"
KINDS = [OrganisationKind.COMPANY, OrganisationKind.GOVERNMENT, OrganisationKind.LAW_ENFORCEMENT, OrganisationKind.NGO]
FIRST = ["Zoë", "Дмитрий", "Ada", "محمد", "Grace", "Łukasz", "Ελένη", "Alan", "Siobhán", "José"]


def build(session: Session, people: int, badges: int) -> Event:
    """`people` invitees in 100 organisations; the first `badges` (by organisation) accepted, with codes issued."""
    start = datetime.now(UTC) + timedelta(hours=1)
    event = Event(slug="bench", name="Bench Summit", venue="Building 33", city="Redmond",
                  timezone="America/Los_Angeles", starts_at=start, ends_at=start + timedelta(days=2),
                  rsvp_deadline=start - timedelta(days=5))
    orgs = [Organisation(name=f"Organisation {i:03d}", kind=KINDS[i % 4], delegate_quota=50) for i in range(100)]
    session.add_all([event, *orgs])
    session.flush()
    session.execute(insert(Person), [{"name": f"{FIRST[i % 10]} Person {i:04d}", "email": f"p{i}@bench.example",
                                      "organisation_id": orgs[i % 100].id} for i in range(people)])
    person_ids = session.scalars(select(Person.id).order_by(Person.id)).all()
    session.execute(insert(Invitation), [{
        "event_id": event.id, "person_id": pid, "organisation_id": orgs[n % 100].id,
        "status": InvitationStatus.ACCEPTED if n < badges else InvitationStatus.SENT, "holds_seat": n < badges,
    } for n, pid in enumerate(person_ids)])
    invitation_ids = session.scalars(select(Invitation.id).order_by(Invitation.id)).all()
    session.execute(insert(CheckInCode), [{"invitation_id": i, "code_hash": codes.hash_code(codes.code_for(i))}
                                          for i in invitation_ids])
    create_user(session, SYSTEM, email="organiser@bench.example", role=Role.ORGANISER, password=PASSWORD,
                name="Bench Organiser")
    session.commit()
    return event


def plain_pdf(names: list[str]) -> bytes:
    pdf = new_document(page_format=(101.6, 76.2))
    for name in names:
        pdf.add_page()
        pdf.set_xy(5, 20)
        pdf.cell(text=name)
    return to_bytes(pdf)


def main() -> None:
    people, badges, searches = env_int("BENCH_PEOPLE", 2000), env_int("BENCH_BADGES", 500), env_int(
        "BENCH_SEARCHES", 200)
    with bench_app() as (app, _folder):
        with app.test_request_context(), Session(db.engine) as session:
            build(session, people, badges)
        client = app.test_client()
        with app.test_request_context():
            token = client.get("/login").get_data(as_text=True).split('name="csrf_token" type="hidden" value="')[1]
        client.post("/login", data={"email": "organiser@bench.example", "password": PASSWORD,
                                    "csrf_token": token.split('"')[0]})
        names = [f"{FIRST[i % 10]} Person {i:04d}" for i in range(badges)]

        def get(path: str, kind: str) -> None:
            response = client.get(path)
            assert response.status_code == 200 and response.mimetype == kind, (path, response.status_code)

        def scan(path: str) -> None:
            """The camera opens the code's address, which sends the phone on to the person's page."""
            response = client.get(path)
            assert response.status_code == 303, (path, response.status_code)
            get(response.headers["Location"], "text/html")

        print(f"### badges for {badges} people\n")
        pdf_base = measure(f"baseline: fpdf2, {badges} names on {badges} pages", badges, lambda: plain_pdf(names))
        table([pdf_base,
               measure(f"badges PDF, A4 8 a sheet, {badges} people", badges,
                       lambda: get("/events/bench/badges.pdf?layout=a4-8", "application/pdf")),
               measure(f"badges PDF, one a page (4 × 3 in), {badges} people", badges,
                       lambda: get("/events/bench/badges.pdf?layout=printer", "application/pdf"))],
              pdf_base, unit="badges")

        print(f"\n### check-in search among {people} people\n")
        with app.app_context():
            code_paths = [f"/events/bench/check-in/c/{codes.code_for(i)}" for i in range(1, searches + 1)]
        terms = ["person 01", "organisation 042", "zoë", "дмитрий", "ada person 1"]
        page_base = measure(f"baseline: /healthz × {searches}", searches,
                            lambda: [get("/healthz", "application/json") for _ in range(searches)])
        table([page_base,
               measure(f"search by name or organisation × {searches}", searches,
                       lambda: [get(f"/events/bench/check-in?q={terms[n % 5]}", "text/html")
                                for n in range(searches)]),
               measure(f"open a scanned code (2 requests: code, then person) × {searches}", searches,
                       lambda: [scan(path) for path in code_paths])],
              page_base, unit="requests")

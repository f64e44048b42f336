"""The API's commitments list at 5,000 commitments (a page of 50 and of 100, a 304 revalidation, a delegate's view),
through gunicorn with a bearer token, against a Flask hello-world served the same way in the same run."""

from __future__ import annotations

import json
import os
import urllib.request

from sqlalchemy import select
from sqlalchemy.orm import Session

from summit import db
from summit.api.services import create_token
from summit.audit import SYSTEM
from summit.auth.models import Role
from summit.auth.services import create_user
from summit.events.models import Organisation

from .common import SECRET, bench_app
from .http import USER_AGENT, gunicorn, load, table
from .report import COMMITMENTS, build

UPDATES = int(os.environ.get("BENCH_API_UPDATES", "1"))  # the list does not read updates
REQUESTS = int(os.environ.get("BENCH_API_REQUESTS", "60"))  # per row; under the per-token rate limit


def tokens(session: Session, rows: int) -> tuple[list[str], str]:
    """A secretariat token per row (each row stays under its token's rate limit) and a delegate's token."""
    staff = create_user(session, SYSTEM, email="secretariat@bench.example", role=Role.SECRETARIAT, password=None,
                        name="Secretariat")
    company = session.scalar(select(Organisation).where(Organisation.name == "Company 01"))
    delegate = create_user(session, SYSTEM, email="delegate@bench.example", role=Role.DELEGATE, password=None,
                           name="Delegate", organisation_name=company.name)
    session.flush()
    made = [create_token(session, SYSTEM, staff, name=f"row {n}", scopes=["commitments:read"],
                         expires_in_days=7)[1] for n in range(rows)]
    mine = create_token(session, SYSTEM, delegate, name="delegate", scopes=["commitments:read"], expires_in_days=7)[1]
    session.commit()
    return made, mine


def etag(url: str, secret: str) -> str:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {secret}", **USER_AGENT})
    with urllib.request.urlopen(request) as response:
        assert len(json.loads(response.read())["items"]) == 50
        return response.headers["ETag"]


def main() -> None:
    with gunicorn("bench.hello:app") as base:
        baseline = load("baseline: Flask hello-world", base + "/")
    with bench_app() as (app, _folder):
        with app.app_context(), Session(db.engine) as session:
            build(session, COMMITMENTS, UPDATES)
            staff, delegate = tokens(session, 3)
        env = {"SUMMIT_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": SECRET,
               "BASE_URL": "http://bench.test", "MAIL_URL": app.config["MAIL_URL"]}
        path = "/api/v1/events/bench/commitments"
        with gunicorn("wsgi:app", env) as base:
            tag = etag(base + path, staff[2])
            rows = [
                load(f"GET commitments, {COMMITMENTS} commitments, page of 50 (staff)", base + path,
                     requests=REQUESTS, headers={"Authorization": f"Bearer {staff[0]}"}),
                load(f"GET commitments?limit=100, {COMMITMENTS} commitments (staff)", base + path + "?limit=100",
                     requests=REQUESTS, headers={"Authorization": f"Bearer {staff[1]}"}),
                load("the same page revalidated: If-None-Match, 304", base + path, requests=REQUESTS, expect=304,
                     headers={"Authorization": f"Bearer {staff[2]}", "If-None-Match": tag}),
                load("GET commitments as a delegate (public + own), page of 50", base + path, requests=REQUESTS,
                     headers={"Authorization": f"Bearer {delegate}"}),
            ]
    table(rows, baseline)
    print("\n- each page reads commitments in id order a batch at a time (the page size + 1, doubling while the "
          "permission model hides rows) and asks Viewer.may_see_commitment of each: never the whole table")

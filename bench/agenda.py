"""The agenda list, grid and a session page at 50, 200 and 1,000 sessions (2,000 delegates), through gunicorn,
against a Flask hello-world served the same way in the same run."""

from __future__ import annotations

import os

from sqlalchemy.orm import Session

from summit import db

from .common import SECRET, bench_app
from .data import VIEWER_EMAIL, VIEWER_PASSWORD, build
from .http import assert_signed_in, gunicorn, load, sign_in, table

SIZES = [int(n) for n in os.environ.get("BENCH_SESSIONS", "50,200,1000").split(",")]
DELEGATES = int(os.environ.get("BENCH_DELEGATES", "2000"))


def main() -> None:
    with gunicorn("bench.hello:app") as base:
        baseline = load("baseline: Flask hello-world", base + "/")
    rows = []
    for size in SIZES:
        with bench_app() as (app, _folder):
            with app.app_context(), Session(db.engine) as session:
                build(session, size, DELEGATES)
            env = {"SUMMIT_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": SECRET,
                   "BASE_URL": "http://bench.test", "MAIL_URL": app.config["MAIL_URL"]}
            with gunicorn("wsgi:app", env) as base:
                cookie = sign_in(base, VIEWER_EMAIL, VIEWER_PASSWORD)
                rows += [
                    load(f"agenda list, {size} sessions", base + "/events/bench/agenda", cookie),
                    load(f"agenda grid, {size} sessions", base + "/events/bench/agenda?view=grid", cookie),
                    load(f"session page, {size} sessions", base + "/events/bench/sessions/1", cookie),
                ]
                assert_signed_in(base, cookie)
    table(rows, baseline)

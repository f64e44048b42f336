"""The full-agenda feed at 50, 200 and 1,000 sessions through gunicorn, against a Flask route returning a
prebuilt .ics of the same size, in the same run (and the 304 a polling client gets when nothing changed)."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

from sqlalchemy.orm import Session

from summit import db

from .common import SECRET, bench_app
from .data import VIEWER_EMAIL, VIEWER_PASSWORD, build
from .http import USER_AGENT, assert_signed_in, gunicorn, load, sign_in, table

SIZES = [int(n) for n in os.environ.get("BENCH_SESSIONS", "50,200,1000").split(",")]


def main() -> None:
    rows, baselines = [], []
    for size in SIZES:
        with bench_app() as (app, folder):
            with app.app_context(), Session(db.engine) as session:
                build(session, size, 200)
            env = {"SUMMIT_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": SECRET,
                   "BASE_URL": "http://bench.test", "MAIL_URL": app.config["MAIL_URL"]}
            with gunicorn("wsgi:app", env) as base:
                cookie = sign_in(base, VIEWER_EMAIL, VIEWER_PASSWORD)
                url = base + "/events/bench/agenda.ics"
                request = urllib.request.Request(url, headers={"Cookie": cookie, **USER_AGENT})
                with urllib.request.urlopen(request) as response:
                    body, etag = response.read(), response.headers["ETag"]
                assert body.count(b"BEGIN:VEVENT") == size
                rows.append(load(f"agenda.ics, {size} sessions", url, cookie))
                rows.append(load(f"agenda.ics, {size} sessions, unchanged (304)", url, cookie,
                                 headers={"If-None-Match": etag}, expect=304))
                assert_signed_in(base, cookie)
            path = Path(folder) / "prebuilt.ics"
            path.write_bytes(body)
            with gunicorn("bench.prebuilt:app", {"BENCH_ICS_FILE": str(path)}) as base:
                baselines.append(load(f"baseline: prebuilt .ics, {size} sessions' size", base + "/feed.ics"))
    for baseline, (full, unchanged) in zip(baselines, zip(rows[::2], rows[1::2], strict=True), strict=True):
        table([full, unchanged], baseline)
        print()

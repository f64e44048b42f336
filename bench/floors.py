"""Issue #13's table: every row against its floor measured in the same run (a Flask hello-world, a static file of the
same bytes, a bare smtplib loop), medians of 3 interleaved rounds, gunicorn with 2 sync workers.

The agenda and feeds are read signed out from a public agenda (what calendar clients and visitors do), so no sign-in
spends argon2's 64 MiB in a measured worker. pretalx is not run here: the issue's pretalx figures are printed as
fixed references beside the targets that use them."""

from __future__ import annotations

import http.client
import os
import statistics
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from summit import db
from summit.agenda.models import AgendaSession, Visibility
from summit.clock import utcnow
from summit.events.models import Event

from . import floors_mail
from .common import SECRET, bench_app, env_int
from .data import build
from .http import gunicorn, load

ROUNDS = env_int("BENCH_ROUNDS", 3)
REQUESTS = env_int("BENCH_REQUESTS", 400)
CHANGES = env_int("BENCH_CHANGES", 9)
SIZES = [int(n) for n in os.environ.get("BENCH_SESSIONS", "200,1000").split(",")]
PRETALX_MS = {("ics", 1000): 1336, ("ics", 200): 315, ("html", 200): 238, ("html", 1000): 1236}  # issue #13
HAS_FEED_VERSION = hasattr(Event, "feed_version")


def main() -> None:
    rows: list[tuple[str, str, float, float, str, str]] = []
    with gunicorn("bench.hello:app") as hello:
        for size in SIZES:
            rows += measure_size(size, hello)
        hello_rss = worker_memory(hello)
    rows += floors_mail.rows(ROUNDS)
    summit_rss = max(MEMORY.values(), default=0.0)
    rows.append(("gunicorn worker peak RSS (VmHWM)", "", summit_rss, hello_rss, f"+{summit_rss - hello_rss:.0f} MB",
                 "≤ +60 MB"))
    rows += floors_mail.statement_rows()
    print(f"gunicorn 2 sync workers; medians of {ROUNDS} rounds; c1 = one client, c8 = eight keep-alive clients\n")
    print("| what | N | Summit | floor (same run) | ratio | target |")
    print("|---|---:|---:|---:|---:|---:|")
    for what, n, mine, floor, ratio, target in rows:
        print(f"| {what} | {n} | {fmt(mine)} | {fmt(floor)} | {ratio} | {target} |")


MEMORY: dict[str, float] = {}


def fmt(value: float | str) -> str:
    return value if isinstance(value, str) else f"{value:,.1f}"


def measure_size(size: int, hello: str) -> list[tuple]:
    with bench_app() as (app, folder):
        with app.app_context(), Session(db.engine) as session:
            event = build(session, size, 200)
            session.execute(update(AgendaSession).values(visibility=Visibility.PUBLIC))
            bump(session, event.id)
            session.commit()
            event_id = event.id
        env = {"SUMMIT_ENV": "testing", "DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": SECRET,
               "BASE_URL": "http://bench.test", "MAIL_URL": app.config["MAIL_URL"]}
        with gunicorn("wsgi:app", env) as base:
            feed, etag = fetch(base + "/events/bench/agenda.ics")
            assert feed.count(b"BEGIN:VEVENT") == size
            static = Path(folder) / "static.ics"
            static.write_bytes(feed)
            with gunicorn("bench.prebuilt:app", {"BENCH_ICS_FILE": str(static)}) as floor:
                results = [one_round(app, event_id, base, floor, hello) for _ in range(ROUNDS)]
            MEMORY[f"summit {size}"] = worker_memory(base)
    med = {key: statistics.median(r[key] for r in results) for key in results[0]}
    hello_rps, hello_p50 = med["hello_rps"], med["hello_p50"]
    out = []
    if size == 1000:
        out.append(("full agenda .ics, first build after a one-session change (c1 p50, ms)", size, med["changed"],
                    med["static_p50"], f"{med['changed'] / med['static_p50']:.1f}× static; "
                    f"{med['changed'] / PRETALX_MS[('ics', size)]:.3f}× pretalx", "≤ 60 ms"))
    out.append(("full agenda .ics, all parts cold (c1 p50, ms)", size, med["cold"], med["static_p50"],
                f"{med['cold'] / PRETALX_MS[('ics', size)]:.3f}× pretalx {PRETALX_MS[('ics', size)]} ms",
                "≤ 0.10× pretalx"))
    out.append(("full agenda .ics, unchanged (c8 req/s)", size, med["feed_rps"], med["static_rps"],
                f"{med['feed_rps'] / med['static_rps']:.2f}", "≥ 0.5"))
    out.append(("304 Not Modified (c8 req/s) vs hello-world", size, med["304_rps"], hello_rps,
                f"{med['304_rps'] / hello_rps:.2f}", "≥ 0.8"))
    for label, key in (("agenda list HTML, first day", "list_day"), ("agenda list HTML, all days", "list_all"),
                       ("agenda grid HTML, first day", "grid_day"), ("agenda grid HTML, all days", "grid_all")):
        pretalx = PRETALX_MS[("html", size)]
        target = "≤ 0.05× pretalx" if "first day" in label else "≤ 0.10× pretalx"
        out.append((f"{label} (c1 p50, ms)", size, med[key], hello_p50,
                    f"{med[key] / pretalx:.3f}× pretalx {pretalx} ms", target))
    return out


def one_round(app, event_id: int, base: str, floor: str, hello: str) -> dict[str, float]:
    """One round, every floor measured beside the rows that use it (the machine's load changes during a run)."""
    result = {}
    result["hello_rps"] = load("hello c8", hello + "/", requests=REQUESTS, concurrency=8).rps
    result["hello_p50"] = load("hello c1", hello + "/", requests=100, concurrency=1).median_ms
    result["static_rps"] = load("static", floor + "/feed.ics", requests=REQUESTS, concurrency=8).rps
    result["static_p50"] = load("static c1", floor + "/feed.ics", requests=60, concurrency=1).median_ms
    url = base + "/events/bench/agenda.ics"
    _, etag = fetch(url)
    result["feed_rps"] = load("feed", url, requests=REQUESTS, concurrency=8).rps
    result["304_rps"] = load("304", url, requests=REQUESTS, concurrency=8, headers={"If-None-Match": etag},
                             expect=304).rps
    result["changed"] = timed_after(app, event_id, url, change_one)
    result["cold"] = timed_after(app, event_id, url, change_all, times=3)
    for key, path in (("list_day", "/events/bench/agenda"), ("list_all", "/events/bench/agenda?day=all"),
                      ("grid_day", "/events/bench/agenda?view=grid"),
                      ("grid_all", "/events/bench/agenda?view=grid&day=all")):
        result[key] = load(key, base + path, requests=20, concurrency=1).median_ms
    return result


def timed_after(app, event_id: int, url: str, change: Callable[[Session, int], None], times: int = CHANGES) -> float:
    """The median time of the first request after each change (both workers see every change: each is timed once,
    as a calendar client polling after an edit would)."""
    timings = []
    for _ in range(times):
        with app.app_context(), Session(db.engine) as session:
            change(session, event_id)
            session.commit()
        start = time.perf_counter()
        fetch(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def change_one(session: Session, event_id: int) -> None:
    """What an organiser's edit of one session does to the rows (the ORM flush bumps the feed version)."""
    item = session.scalars(select(AgendaSession).where(AgendaSession.event_id == event_id)
                           .order_by(AgendaSession.id).offset(7)).first()
    item.updated_at = utcnow()
    item.title = item.title.rstrip("!") + ("!" if not item.title.endswith("!") else "")


def change_all(session: Session, event_id: int) -> None:
    """Every session changes (all parts cold), as after a bulk import."""
    session.execute(update(AgendaSession).where(AgendaSession.event_id == event_id)
                    .values(updated_at=utcnow() + timedelta(microseconds=1)))
    bump(session, event_id)


def bump(session: Session, event_id: int) -> None:
    if HAS_FEED_VERSION:  # bulk statements skip the ORM, which moves it for every service
        session.execute(update(Event).where(Event.id == event_id).values(feed_version=Event.feed_version + 1))


def fetch(url: str) -> tuple[bytes, str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120)
    connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""),
                       headers={"User-Agent": "summit-bench"})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    assert response.status == 200, response.status
    return body, response.headers["ETag"]


def worker_memory(base: str) -> float:
    """The largest peak RSS (VmHWM, MB) among the gunicorn workers serving `base`."""
    port = urlsplit(base).port
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            command = (status.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if "gunicorn" in command and f"127.0.0.1:{port}" in command and "PPid" in text:
            fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
            if int(fields["PPid"]) != os.getpid():  # a worker, not the master this process started
                peaks.append(int(fields["VmHWM"].split()[0]) / 1024)
    return max(peaks, default=0.0)

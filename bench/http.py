"""Serve an app with gunicorn and measure it: latency percentiles and requests per second."""

from __future__ import annotations

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
# Flask-Login's strong session protection ties a session to the address and User-Agent: keep one.
USER_AGENT = {"User-Agent": "summit-bench"}
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "300"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(target: str, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run `gunicorn target` (sync workers) on a free port until the block ends; yields the base URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", target]
    process = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)


def sign_in(base: str, email: str, password: str) -> str:
    """Sign in through the form; returns the Cookie header to send (checked to name a live sign-in session)."""
    jar = urllib.request.HTTPCookieProcessor()
    opener = urllib.request.build_opener(jar)
    opener.addheaders = list(USER_AGENT.items())
    page = opener.open(base + "/login").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
    opener.open(base + "/login", data=data)
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar.cookiejar)
    assert_signed_in(base, cookie)
    return cookie


def assert_signed_in(base: str, cookie: str) -> None:
    """The cookie still names a live sign-in (the server keeps the session): else the signed-in rows would silently
    measure the public pages. Called after signing in and again after the signed-in rows."""
    request = urllib.request.Request(base + "/", headers={"Cookie": cookie, **USER_AGENT})
    with urllib.request.urlopen(request) as response:
        assert b"Sign out" in response.read(), "not signed in: the server has no live session for this cookie"


@dataclass
class Load:
    name: str
    latencies: list[float]
    seconds: float
    size: int

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies) * 1000

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.latencies, n=20)[18] * 1000

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds


def load(name: str, url: str, cookie: str = "", requests: int = REQUESTS, concurrency: int = CONCURRENCY,
         headers: dict[str, str] | None = None, expect: int = 200) -> Load:
    """`requests` GETs from `concurrency` keep-alive clients; every answer must have the `expect` status."""
    parts = urllib.parse.urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    latencies: list[float] = []
    sizes: list[int] = []
    lock = threading.Lock()
    per_client = requests // concurrency
    errors: list[BaseException] = []

    def client() -> None:
        try:
            run_client()
        except BaseException as exc:  # noqa: BLE001 - reported below, in the caller's thread
            errors.append(exc)

    def run_client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        for _ in range(per_client):
            start = time.perf_counter()
            connection.request("GET", path, headers={"Cookie": cookie, **USER_AGENT, **(headers or {})})
            response = connection.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - start
            assert response.status == expect, (response.status, body[:300])
            with lock:
                latencies.append(elapsed)
                sizes.append(len(body))
        connection.close()

    for _ in range(2):  # warm up each worker
        try:
            urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookie, **USER_AGENT,
                                                                        **(headers or {})})).read()
        except urllib.error.HTTPError as exc:  # urllib raises on a 304 too
            if exc.code != expect:
                raise
    sizes.append(0)
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{name}: {errors[0]!r}")
    return Load(name, latencies, time.perf_counter() - start, max(sizes))


def table(rows: list[Load], baseline: Load) -> None:
    print(f"{WORKERS} gunicorn sync workers, {CONCURRENCY} concurrent keep-alive clients, "
          f"{len(baseline.latencies)} requests per row\n")
    print("| page | bytes | median ms | p95 ms | requests/s | median vs baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for row in [baseline, *rows]:
        print(f"| {row.name} | {row.size:,} | {row.median_ms:.1f} | {row.p95_ms:.1f} | {row.rps:,.0f} | "
              f"{row.median_ms / baseline.median_ms:.1f}× |")

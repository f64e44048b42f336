"""Shared pieces for benchmarks: a throwaway app on a fresh database, timing, the table."""

from __future__ import annotations

import os
import resource
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summit import create_app, migrate
from summit.db import make_engine

SECRET = "bench-secret-key-0123456789-0123456789-0123456789"


@contextmanager
def bench_app(**config: Any):
    """An app on a new, migrated SQLite database in a temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        app = create_app({"SUMMIT_ENV": "testing", "DATABASE_URL": url, "SECRET_KEY": SECRET,
                          "BASE_URL": "http://bench.test", "MAIL_URL": f"file://{folder}/mail", **config})
        yield app, folder


@dataclass
class Result:
    name: str
    count: int
    seconds: float
    peak_mib: float | None = None

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else float("inf")


def peak_rss_mib() -> float:
    """The process's peak resident memory so far (no tracing overhead, so timings stay honest)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(name: str, count: int, work: Callable[[], Any]) -> Result:
    start = time.perf_counter()
    work()
    return Result(name, count, time.perf_counter() - start, peak_rss_mib())


def table(results: list[Result], baseline: Result, unit: str = "items") -> None:
    """Print a Markdown table; ratio = this step's time per item / the baseline's time per item."""
    base_per_item = baseline.seconds / baseline.count
    print(f"| step | {unit} | seconds | {unit}/s | process peak RSS MiB | time per item vs baseline |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for r in results:
        ratio = (r.seconds / r.count) / base_per_item
        peak = f"{r.peak_mib:.1f}" if r.peak_mib is not None else "—"
        print(f"| {r.name} | {r.count} | {r.seconds:.2f} | {r.rate:,.0f} | {peak} | {ratio:.2f}× |")


def env_int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))

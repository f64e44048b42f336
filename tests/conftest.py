"""Fixtures: an app on a clean database per test (SQLite, or PostgreSQL via TEST_DATABASE_URL), clients, factories."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import time_machine
from flask import Flask, session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf
from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from summit import create_app, migrate
from summit.clock import utcnow
from summit.config import normalise_database_url
from summit.db import make_engine
from tests import webclient as http

pytest_plugins = ["tests.agenda_helpers", "tests.smtp_fixtures", "tests.api_helpers", "tests.checkin_helpers",
                  "tests.series_fixtures"]
ROOT = Path(__file__).resolve().parent.parent
POSTGRES_URL = os.environ.get("TEST_DATABASE_URL")
SECRET = "test-secret-key-that-is-long-enough-for-production-0123456789"
PASSWORD = "correct horse battery"
# `make test-clock` sets this: tests marked `clock` then run with the clock starting at this moment (it ticks on).
TEST_CLOCK = os.environ.get("SUMMIT_TEST_CLOCK", "")


def pytest_report_header() -> list[str]:
    return [f"summit database: {'PostgreSQL ' + POSTGRES_URL if POSTGRES_URL else 'SQLite'}",
            f"summit clock: {TEST_CLOCK + ' for tests marked clock' if TEST_CLOCK else 'real'}, "
            f"TZ={os.environ.get('TZ', '(unset)')}"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that starts gunicorn carries the `gunicorn` marker (`-m "not gunicorn"` for a quick run)."""
    for item in items:
        if "live_server" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gunicorn)


def moment(text: str) -> datetime:
    start = datetime.fromisoformat(text)
    if start.tzinfo is None:
        raise pytest.UsageError(f"A test clock needs a UTC offset, e.g. 2026-11-29T04:30:00Z, not {text}")
    return start


@pytest.fixture(autouse=True)
def _clock(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test marked `clock(at="...")` runs from that moment; one marked `clock` runs from SUMMIT_TEST_CLOCK when
    that is set, else at the real time. The clock ticks on from there, and the test's fixtures see it too."""
    marker = request.node.get_closest_marker("clock")
    start = marker and (marker.kwargs.get("at") or TEST_CLOCK)
    if not start:
        yield
        return
    # A timestamp, not the aware datetime: time-machine would also switch the process to that datetime's zone
    # (UTC), and the TZ a test runs under is part of what `make test-clock` varies.
    with time_machine.travel(moment(start).timestamp(), tick=True):
        yield


@pytest.fixture(scope="session")
def template_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database migrated once to head: a file to copy (SQLite) or a schema to truncate (PostgreSQL)."""
    if POSTGRES_URL:
        url = normalise_database_url(POSTGRES_URL)
        engine = create_engine(url)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        return url
    path = tmp_path_factory.mktemp("template") / "summit.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    engine.dispose()  # closing the last connection checkpoints the WAL into the file
    return str(path)


def clean_database(template_database: str, directory: Path) -> str:
    """A clean database: the PostgreSQL schema emptied, or a copy of the migrated SQLite file in `directory`."""
    if POSTGRES_URL:
        engine = create_engine(template_database)
        with engine.begin() as connection:
            tables = connection.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'")
            ).scalars().all()
            guarded = "audit_log" in tables  # the app's audit log refuses TRUNCATE; lift that for the reset only
            if guarded:
                connection.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
            connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
            if guarded:
                connection.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        engine.dispose()
        return template_database
    path = directory / "summit.db"
    shutil.copy(template_database, path)
    return f"sqlite:///{path}"


@pytest.fixture
def database_url(template_database: str, tmp_path: Path) -> str:
    """A clean database for this test."""
    return clean_database(template_database, tmp_path)


def test_config(database_url: str, tmp_path: Path, **extra: Any) -> dict[str, Any]:
    return {
        "SUMMIT_ENV": "testing",
        "TESTING": True,
        "DATABASE_URL": database_url,
        "SECRET_KEY": SECRET,
        "BASE_URL": "http://summit.test",
        "MAIL_URL": f"file://{tmp_path / 'mail'}",
        "DOCUMENTS_DIR": str(tmp_path / "documents"),
        "SHOW_DEMO_BANNER": False,
        **extra,
    }


@pytest.fixture
def app_config(database_url: str, tmp_path: Path) -> dict[str, Any]:
    return test_config(database_url, tmp_path)


@pytest.fixture
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    app = create_app(app_config)
    app.test_client_class = SummitClient
    yield app
    app.extensions["summit.engine"].dispose()


@pytest.fixture
def dbs(app: Flask) -> Iterator[Session]:
    """The test's own session, apart from the app's, in autocommit mode so that it never holds a lock or an old
    snapshot while the app works. Objects it loaded keep their values: call dbs.expire_all() to read afresh."""
    engine = app.extensions["summit.engine"].execution_options(isolation_level="AUTOCOMMIT")
    with Session(engine) as session:
        yield session


class SummitClient(FlaskClient):
    """A test client that fills in the CSRF token the way a browser form would."""

    def csrf_token(self) -> str:
        """The token a form rendered now for this client's session would carry, made without fetching a page."""
        with self.session_transaction() as stored, self.application.test_request_context():
            session.update(stored)
            token = generate_csrf()
            stored.update(session)
        return token

    def post_form(self, url: str, data: dict[str, Any] | None = None, **kwargs: Any):
        data = dict(data or {})
        data.setdefault("csrf_token", self.csrf_token())
        return self.post(url, data=data, **kwargs)

    def sign_in(self, email: str, password: str = PASSWORD):
        return self.post_form("/login", {"email": email, "password": password})


@pytest.fixture
def client(app: Flask) -> SummitClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask):
    return app.test_cli_runner()


# ---- factories -------------------------------------------------------------------------------------------

@pytest.fixture
def make_organisation(dbs: Session):
    from summit.audit import SYSTEM
    from summit.events.models import OrganisationKind
    from summit.events.services import create_organisation

    counter = iter(range(1, 10_000))

    def make(name: str | None = None, kind: str = "company", quota: int = 2):
        organisation = create_organisation(
            dbs, SYSTEM, name=name or f"Company {next(counter)}", kind=OrganisationKind(kind), delegate_quota=quota
        )
        dbs.commit()
        return organisation

    return make


@pytest.fixture
def make_person(dbs: Session, make_organisation):
    from summit.audit import SYSTEM
    from summit.events.services import find_or_create_person

    counter = iter(range(1, 100_000))

    def make(name: str | None = None, email: str | None = None, organisation=None, job_title: str = "Engineer"):
        n = next(counter)
        organisation = organisation or make_organisation()
        person = find_or_create_person(
            dbs, SYSTEM, email=email or f"person{n}@example.org", name=name or f"Person {n}",
            organisation_name=organisation.name, job_title=job_title,
        )
        dbs.commit()
        return person

    return make


@pytest.fixture
def make_user(dbs: Session, make_organisation):
    from summit.audit import SYSTEM
    from summit.auth.models import Role
    from summit.auth.services import create_user

    counter = iter(range(1, 100_000))

    def make(role: str = "delegate", email: str | None = None, organisation=None, password: str = PASSWORD,
             name: str | None = None):
        n = next(counter)
        if role == "delegate" and organisation is None:
            organisation = make_organisation()
        user = create_user(
            dbs, SYSTEM, email=email or f"{role}{n}@example.org", role=Role(role), password=password,
            name=name or f"{role.capitalize()} {n}", organisation_name=organisation.name if organisation else None,
        )
        dbs.commit()
        return user

    return make


@pytest.fixture
def make_event(dbs: Session):
    from datetime import timedelta

    from summit.audit import SYSTEM
    from summit.events.services import create_event

    def make(slug: str = "test-summit", starts_in: timedelta = timedelta(days=30), **fields: Any):
        start = (utcnow() + starts_in).replace(microsecond=0)
        values = {
            "slug": slug, "name": "Test Summit", "venue": "Building 33", "city": "Redmond, WA",
            "timezone": "America/Los_Angeles", "starts_at": start, "ends_at": start + timedelta(days=1, hours=8),
            "rsvp_deadline": start - timedelta(days=10), "co_hosts": "Home Office and Microsoft",
            "contact_email": "organiser@example.org", **fields,
        }
        event = create_event(dbs, SYSTEM, **values)
        dbs.commit()
        return event

    return make


def _signed_in(app: Flask, user) -> SummitClient:
    client = app.test_client()
    response = client.sign_in(user.person.email)
    assert response.status_code == 303, response.get_data(as_text=True)
    return client


@pytest.fixture
def organiser(make_user):
    return make_user("organiser")


@pytest.fixture
def organiser_client(app, organiser) -> SummitClient:
    return _signed_in(app, organiser)


@pytest.fixture
def secretariat_client(app, make_user) -> SummitClient:
    return _signed_in(app, make_user("secretariat"))


@pytest.fixture
def delegate(make_user):
    return make_user("delegate")


@pytest.fixture
def delegate_client(app, delegate) -> SummitClient:
    return _signed_in(app, delegate)


# ---- a live server (gunicorn) for browser and concurrency tests -------------------------------------------

def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def live_server(app_config: dict[str, Any], tmp_path: Path):
    """Start gunicorn on this test's database; yields a function (workers=2, args=more options) -> base URL.
    Its output is in tmp_path / f"gunicorn-{port}.log"."""
    started: list[subprocess.Popen] = []

    def start(workers: int = 2, threads: int = 1, args: tuple[str, ...] = (), **env_extra: str) -> str:
        port = free_port()
        env = {**os.environ, "SUMMIT_ENV": "testing", "DATABASE_URL": app_config["DATABASE_URL"],
               "SECRET_KEY": SECRET, "BASE_URL": f"http://127.0.0.1:{port}", "MAIL_URL": app_config["MAIL_URL"],
               "DOCUMENTS_DIR": app_config["DOCUMENTS_DIR"], **env_extra}
        command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", str(threads),
                   "--bind", f"127.0.0.1:{port}", "--log-level", "warning", *args, "wsgi:app"]
        log = open(tmp_path / f"gunicorn-{port}.log", "wb")  # noqa: SIM115 - lives as long as the server
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        started.append(process)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError((tmp_path / f"gunicorn-{port}.log").read_text())
            try:
                if http.get(base + "/healthz").status == 200:
                    return base
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start within 30 s")

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)

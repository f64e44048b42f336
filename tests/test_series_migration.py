"""Migration 0011 keeps today's data: a database made by the previous migration, with data in it, upgraded and checked
(SQLite by default, PostgreSQL with TEST_DATABASE_URL)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy.orm import Session

from summit import migrate
from summit.db import UTCDateTime
from summit.events.models import Event
from summit.invitations.models import Invitation
from summit.invitations.seats import event_quota, has_free_seat

NOW = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)


def previous_revision(engine) -> str:
    script = ScriptDirectory.from_config(migrate.alembic_config(engine))
    return script.get_revision("0011_series").down_revision


def table(name: str, *columns: tuple[str, object]) -> sa.TableClause:
    return sa.table(name, *(sa.column(column, kind) for column, kind in columns))


EVENTS = table("events", ("id", sa.Integer), ("slug", sa.String), ("name", sa.String), ("venue", sa.String),
               ("city", sa.String), ("timezone", sa.String), ("starts_at", UTCDateTime()),
               ("ends_at", UTCDateTime()), ("rsvp_deadline", UTCDateTime()), ("co_hosts", sa.String),
               ("description", sa.Text), ("contact_email", sa.String), ("public_agenda", sa.Boolean),
               ("sequence", sa.Integer), ("updated_at", UTCDateTime()), ("created_at", UTCDateTime()))
ORGANISATIONS = table("organisations", ("id", sa.Integer), ("name", sa.String), ("kind", sa.String),
                      ("delegate_quota", sa.Integer), ("created_at", UTCDateTime()))
PEOPLE = table("people", ("id", sa.Integer), ("name", sa.String), ("email", sa.String), ("job_title", sa.String),
               ("organisation_id", sa.Integer), ("created_at", UTCDateTime()))
INVITATIONS = table("invitations", ("id", sa.Integer), ("event_id", sa.Integer), ("person_id", sa.Integer),
                    ("organisation_id", sa.Integer), ("status", sa.String), ("holds_seat", sa.Boolean),
                    ("quota_override", sa.Boolean), ("reminders_sent", sa.Integer), ("dietary", sa.JSON),
                    ("dietary_other", sa.String), ("access", sa.JSON), ("access_needs", sa.Text),
                    ("listed_consent", sa.Boolean), ("comment", sa.Text), ("sequence", sa.Integer),
                    ("created_at", UTCDateTime()), ("updated_at", UTCDateTime()))


def event_row(n: int, slug: str, name: str) -> dict:
    start = NOW + timedelta(days=30 * n)
    return {"id": n, "slug": slug, "name": name, "venue": "Building 33", "city": "Redmond, WA",
            "timezone": "America/Los_Angeles", "starts_at": start, "ends_at": start + timedelta(hours=8),
            "rsvp_deadline": start - timedelta(days=7), "co_hosts": "", "description": "", "contact_email": "",
            "public_agenda": False, "sequence": 0, "updated_at": NOW, "created_at": NOW}


def test_every_organisation_takes_part_in_every_event_with_its_quota_after_the_upgrade(app):
    engine = app.extensions["summit.engine"]
    migrate.downgrade(engine, previous_revision(engine))
    try:
        with engine.begin() as connection:
            assert "event_organisations" not in sa.inspect(connection).get_table_names()
            connection.execute(EVENTS.insert(), [event_row(1, "redmond-summit", "Redmond summit"),
                                                 event_row(2, "london-review", "Redmond summit")])  # same name
            connection.execute(ORGANISATIONS.insert(), [
                {"id": 1, "name": "Roblox", "kind": "company", "delegate_quota": 3, "created_at": NOW},
                {"id": 2, "name": "Thorn", "kind": "ngo", "delegate_quota": 0, "created_at": NOW}])
            connection.execute(PEOPLE.insert(), [
                {"id": n, "name": f"Rep {n}", "email": f"rep{n}@roblox.example", "job_title": "",
                 "organisation_id": 1, "created_at": NOW} for n in (1, 2)])
            connection.execute(INVITATIONS.insert(), [
                {"id": n, "event_id": 1, "person_id": n, "organisation_id": 1, "status": "accepted",
                 "holds_seat": True, "quota_override": False, "reminders_sent": 0, "dietary": [],
                 "dietary_other": "", "access": [], "access_needs": "", "listed_consent": False, "comment": "",
                 "sequence": 0, "created_at": NOW, "updated_at": NOW} for n in (1, 2)])
    finally:
        migrate.upgrade(engine)

    with engine.connect() as connection:
        series = connection.execute(sa.text("SELECT id, name FROM series ORDER BY id")).all()
        assert [name for _, name in series] == ["Redmond summit", "Redmond summit (london-review)"]
        assert connection.execute(sa.text("SELECT id, series_id FROM events ORDER BY id")).all() == [
            (1, series[0][0]), (2, series[1][0])]
        assert connection.execute(sa.text(
            "SELECT event_id, organisation_id, delegate_quota FROM event_organisations "
            "ORDER BY event_id, organisation_id")).all() == [(1, 1, 3), (1, 2, 0), (2, 1, 3), (2, 2, 0)]
    with Session(engine) as session:  # the app reads the seats from their new home
        assert event_quota(session, 1, 1) == 3 and event_quota(session, 2, 2) == 0
        invitation = session.get(Invitation, 1)
        assert invitation.event.series.name == "Redmond summit"
        assert has_free_seat(session, invitation, invitation.organisation)  # 2 of 3 seats taken
        assert session.get(Event, 2).series.events[0].slug == "london-review"

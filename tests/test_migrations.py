"""The schema comes only from migrations, and the migrations agree with the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from summit import migrate
from summit.models import metadata


def test_migrations_match_the_models(app):
    engine = app.extensions["summit.engine"]
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == []


def test_migrations_go_down_and_up_again(app):
    engine = app.extensions["summit.engine"]
    migrate.downgrade(engine, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    migrate.upgrade(engine)
    assert {"events", "organisations", "people", "users", "audit_log"} <= set(inspect(engine).get_table_names())


def test_people_emails_are_unique_ignoring_case(dbs, make_person, make_organisation):
    import pytest
    from sqlalchemy.exc import IntegrityError

    from summit.events.models import Person

    make_person(email="Ada@Example.org")
    dbs.add(Person(name="Other Ada", email="ada@example.ORG"))
    with pytest.raises(IntegrityError):
        dbs.flush()

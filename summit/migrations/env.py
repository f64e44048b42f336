"""Alembic environment: uses the engine handed over by summit.migrate, and every model's metadata."""

from __future__ import annotations

from alembic import context

from summit.models import metadata

engine = context.config.attributes["engine"]
sqlite = engine.dialect.name == "sqlite"

with engine.connect() as connection:
    raw = connection.connection.dbapi_connection
    if sqlite:
        # Batch migrations rebuild tables; foreign keys are checked once at the end instead of row by row.
        raw.execute("PRAGMA foreign_keys=OFF")
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=sqlite, compare_type=True)
    with context.begin_transaction():
        context.run_migrations()
        if sqlite:
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise RuntimeError(f"foreign keys broken by the migration: {problems[:5]}")
    connection.commit()
    if sqlite:
        raw.execute("PRAGMA foreign_keys=ON")

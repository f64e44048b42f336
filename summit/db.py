"""The data layer: declarative base with a naming convention, engine and session, SQLite pragmas."""

from __future__ import annotations

import enum
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Flask, current_app, has_request_context, request
from sqlalchemy import DateTime, Enum, MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker
from sqlalchemy.types import TypeDecorator

# utcnow lives in summit.clock; this name stays for code that still imports it from here.
from .clock import utcnow as utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def str_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """Store a StrEnum by value, as a portable VARCHAR with a CHECK constraint."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=30,
        values_callable=lambda members: [member.value for member in members],
    )


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every engine; naive values are refused rather than guessed."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; use an aware datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


# How the next SQLite transaction begins. Writers take the write lock at BEGIN (IMMEDIATE) so that a
# read-then-write can never be overtaken; plain page views begin DEFERRED and read a WAL snapshot.
sqlite_begin: ContextVar[str] = ContextVar("sqlite_begin", default="IMMEDIATE")

session: scoped_session = scoped_session(sessionmaker(expire_on_commit=False))
engine: Engine | None = None
alone: Engine | None = None  # the same engine and pool, reading without a transaction (read_alone)


def make_engine(url: str) -> Engine:
    """An engine with Summit's settings for SQLite or PostgreSQL."""
    if url.startswith("sqlite"):
        new = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _configure_sqlite(new)
        return new
    return create_engine(url, pool_pre_ping=True)


def _configure_sqlite(target: Engine) -> None:
    @event.listens_for(target, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from pysqlite's legacy mode: it would only BEGIN before a write.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(target, "begin")
    def _on_begin(connection: Any) -> None:
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT" or options.get("summit_alone"):
            return
        connection.exec_driver_sql(f"BEGIN {options.get('sqlite_begin') or sqlite_begin.get()}")


def init_app(app: Flask) -> None:
    """Bind the session to this app's database and clean up after each request."""
    global engine, alone
    if engine is not None:
        engine.dispose()
    engine = make_engine(app.config["SQLALCHEMY_DATABASE_URL"])
    # PostgreSQL: the driver's autocommit (set and reset in the client, no round trip). SQLite: _on_begin leaves
    # the BEGIN out (its isolation_level stays as _on_connect set it, which SQLAlchemy's AUTOCOMMIT would reset).
    alone = engine.execution_options(**({"summit_alone": True} if engine.dialect.name == "sqlite"
                                        else {"isolation_level": "AUTOCOMMIT"}))
    session.remove()
    session.configure(bind=engine)
    app.extensions["summit.engine"] = engine

    @app.before_request
    def _choose_begin_mode() -> None:
        sqlite_begin.set("IMMEDIATE" if _request_may_write() else "DEFERRED")

    @app.teardown_appcontext
    def _remove_session(_exc: BaseException | None) -> None:
        session.remove()


T = TypeVar("T")


def read_alone(work: Callable[..., T], *args: Any) -> T:
    """`work(connection, *args)` on a connection of its own, outside the request's transaction, with no transaction
    around it: no BEGIN, no ROLLBACK, no SQLite write lock, no ORM session. For the one statement that answers a
    polling calendar (a single SELECT sees one consistent state of the database on its own). Reads only: `work`
    must not write."""
    assert alone is not None
    with alone.connect() as connection:
        return work(connection, *args)


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def writes(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a GET view that writes (an audit entry, a throttle hit): its SQLite transaction takes the write lock
    at BEGIN. A GET view that writes without this mark fails loudly (see _refuse_unmarked_writes)."""
    view.summit_writes = True  # type: ignore[attr-defined]
    return view


def _request_may_write() -> bool:
    if request.method not in SAFE_METHODS:
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    return bool(getattr(view, "summit_writes", False))


@event.listens_for(session, "before_flush")
def _refuse_unmarked_writes(_session: Any, _context: Any, _instances: Any) -> None:
    if has_request_context() and not _request_may_write():
        raise UnmarkedWrite(f"{request.method} {request.endpoint} writes to the database: mark the view @db.writes")


@event.listens_for(session, "do_orm_execute")
def _refuse_unmarked_statements(state: Any) -> None:
    if (state.is_insert or state.is_update or state.is_delete) and has_request_context() and not _request_may_write():
        raise UnmarkedWrite(f"{request.method} {request.endpoint} writes to the database: mark the view @db.writes")


class UnmarkedWrite(RuntimeError):
    """A page view (GET) changed data without saying so: on SQLite it would not hold the write lock."""

"""Declarative base with a naming convention, shared mixins and SQLite connection settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime

from flask import Flask, g, request
from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    return datetime.now(UTC)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


# Whether the next SQLite transaction should take the write lock at once. Jobs and commands write, so
# the default is yes; GET requests only read and begin deferred, so they never wait for a writer.
write_intent: ContextVar[bool] = ContextVar("write_intent", default=True)


def configure_sqlite(engine: Engine, busy_timeout_ms: int) -> None:
    """WAL, a busy timeout and BEGIN IMMEDIATE for writers, so they queue instead of failing 'locked'."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # let SQLAlchemy's begin event issue BEGIN itself
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write_intent.get() else "BEGIN")


def register_request_intent(app: Flask) -> None:
    """Each request declares its intent: GET, HEAD and OPTIONS only read, every other method writes."""

    @app.before_request
    def _declare_intent():
        g.write_intent_token = write_intent.set(request.method not in ("GET", "HEAD", "OPTIONS"))

    @app.teardown_request
    def _reset_intent(_error):
        token = g.pop("write_intent_token", None)
        if token is not None:
            write_intent.reset(token)


@contextmanager
def write_lock(session: Session, *, discard_read: bool = False) -> Iterator[Session]:
    """Write in a transaction of its own that takes SQLite's write lock at once (BEGIN IMMEDIATE), even in
    a GET request, so it waits for the lock instead of failing 'locked'.

    The transaction before it ends first (committed, or rolled back with `discard_read`); the block's work
    is committed when the block ends and rolled back if it raises.
    """
    if discard_read:
        session.rollback()
    else:
        session.commit()
    token = write_intent.set(True)
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        write_intent.reset(token)


@contextmanager
def deferred_reads() -> Iterator[None]:
    """Transactions begun in the block only read (plain BEGIN), e.g. a streamed export after the request's
    teardown has reset its intent."""
    token = write_intent.set(False)
    try:
        yield
    finally:
        write_intent.reset(token)

"""Declarative base with a naming convention, shared mixins and SQLite connection settings."""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime

from sqlalchemy import DateTime, Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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


def begin_write(session) -> None:
    """In a GET request that must write (e.g. an audit record), end the read transaction first so that
    SQLite starts the writing one with BEGIN IMMEDIATE and waits for the lock instead of failing."""
    if session.get_bind().dialect.name == "sqlite" and not write_intent.get():
        session.commit()
        write_intent.set(True)

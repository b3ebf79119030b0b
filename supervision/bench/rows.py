"""Bulk rows for the bench data: batched inserts with explicit ids, and audit events with a valid chain.

On PostgreSQL the rows of tables without JSON columns go through COPY (several times faster than batched
INSERTs at scale 100's millions of evidence rows); elsewhere, and for the audit log, batched executemany.
Either way a batch is written as soon as it is made, so memory stays flat whatever the scale.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, insert, text

from supervision.audit.models import AuditEvent
from supervision.audit.services import compute_hash
from supervision.evidence.models import Evidence
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Report

BATCH = 5_000
USE_COPY = True  # PostgreSQL only; False measures the batched INSERTs instead (see docs/performance.md)


def sync_sequences() -> None:
    """Rows were inserted with explicit ids; PostgreSQL's sequences must continue after them."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    for table in ("users", "milestones", "reports"):
        db.session.execute(
            text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT COALESCE(MAX(id), 1) FROM {table}))")
        )


def audit_event_row(chain: dict, action: str, object_type: str, object_id: int, user_id: int, moment: datetime) -> dict:
    event = AuditEvent(
        occurred_at=moment,
        user_id=user_id,
        username=f"bench{user_id}",
        department=None,
        ip="127.0.0.1",
        action=action,
        category="business",
        object_type=object_type,
        object_id=str(object_id),
        result="success",
        before=None,
        after={"status": "submitted"},
        detail=None,
        prev_hash=chain["prev"],
    )
    event.hash = compute_hash(event)
    chain["prev"] = event.hash
    return {
        c: getattr(event, c)
        for c in (
            "occurred_at",
            "user_id",
            "username",
            "department",
            "ip",
            "action",
            "category",
            "object_type",
            "object_id",
            "result",
            "before",
            "after",
            "detail",
            "prev_hash",
            "hash",
        )
    }


def flush_rows(milestones, reports, evidence, events, counts) -> None:
    for model, rows, key in (
        (Milestone, milestones, "milestones"),
        (Report, reports, "reports"),
        (Evidence, evidence, "evidence"),
        (AuditEvent, events, "audit_events"),
    ):
        insert_rows(model, rows)
        counts[key] += len(rows)
        rows.clear()


def insert_rows(model, rows: list[dict]) -> None:
    if not rows:
        return
    table = model.__table__
    postgres = db.session.get_bind().dialect.name == "postgresql"
    if USE_COPY and postgres and not any(isinstance(c.type, JSON) for c in table.columns):
        copy_rows(table, rows)
        return
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(model), rows[start : start + BATCH])


def copy_rows(table, rows: list[dict]) -> None:
    """COPY the rows into `table` on the session's own connection (same transaction). Columns the rows
    leave out get their Python-side default, as an INSERT through SQLAlchemy would give them."""
    given = list(rows[0])
    defaults = {
        c.name: c.default
        for c in table.columns
        if c.name not in given and c.default is not None and not c.primary_key and not c.default.is_sequence
    }
    columns = ", ".join(f'"{c}"' for c in given + list(defaults))
    driver = db.session.connection().connection.driver_connection
    with driver.cursor() as cursor, cursor.copy(f"COPY {table.name} ({columns}) FROM STDIN") as copy:
        for row in rows:
            extra = [d.arg(None) if d.is_callable else d.arg for d in defaults.values()]
            copy.write_row([row[c] for c in given] + extra)

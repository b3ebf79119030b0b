"""The audit log is append-only in the database too; `flask audit purge` removes only events past the
retention period and leaves a chain that `flask audit verify` accepts."""

from datetime import timedelta

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from supervision.audit.models import AuditAnchor, AuditEvent
from supervision.audit.services import record_event, verify_chain
from supervision.config import ConfigError
from supervision.db import utcnow
from tests.conftest import make_test_app
from tests.helpers import audit_guards_lifted


def events(db, ages_in_days: list[int]) -> None:
    for n, days in enumerate(ages_in_days):
        record_event("task.assign", object_type="task", object_id=n, now=utcnow() - timedelta(days=days))
    db.session.commit()


def refused(db, statement) -> None:
    with pytest.raises(DBAPIError):
        db.session.execute(statement)
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_to_change_or_delete_events(db):
    events(db, [400, 1])
    refused(db, update(AuditEvent).values(detail="改写"))
    refused(db, text("UPDATE audit_events SET result = 'success'"))
    refused(db, delete(AuditEvent))
    refused(db, text("DELETE FROM audit_events WHERE id = (SELECT MIN(id) FROM audit_events)"))
    if db.engine.dialect.name == "postgresql":
        refused(db, text("TRUNCATE audit_events"))
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 2
    assert verify_chain() == (2, [])


def test_even_an_anchor_cannot_open_the_last_six_months(db):
    events(db, [400, 100, 1])
    newest = db.session.scalar(select(func.max(AuditEvent.id)))
    refused(
        db,
        text(
            f"INSERT INTO audit_anchor (id, purged_through_id, anchor_hash, purged_count, purged_at) "
            f"VALUES (1, {newest}, 'x', 0, CURRENT_TIMESTAMP)"
        ),
    )
    oldest = db.session.scalar(select(func.min(AuditEvent.id)))
    db.session.add(AuditAnchor(id=1, purged_through_id=oldest, anchor_hash="x", purged_count=0, purged_at=utcnow()))
    db.session.commit()  # over a 400-day-old event only: allowed
    refused(db, update(AuditAnchor).values(purged_through_id=newest))
    refused(db, update(AuditAnchor).values(purged_through_id=0))
    refused(db, delete(AuditAnchor))
    refused(db, delete(AuditEvent).where(AuditEvent.id > oldest))


def test_purge_keeps_the_retention_period_and_a_verifiable_chain(runner, db):
    events(db, [400, 300, 200, 185, 30, 1])
    result = runner.invoke(args=["audit", "purge", "--dry-run"])
    assert result.exit_code == 0 and "可清理记录 3 条" in result.output, result.output
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 6
    result = runner.invoke(args=["audit", "purge"])
    assert result.exit_code == 0 and "已清理" in result.output and "3 条" in result.output, result.output
    db.session.rollback()
    ids = db.session.scalars(select(AuditEvent.object_id).order_by(AuditEvent.id)).all()
    assert ids == ["3", "4", "5", None]  # 185, 30 and 1 days old, then the purge's own record
    purge = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.purge"))
    assert purge.after["purged"] == 3 and purge.category == "security"
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "哈希链完整，共 4 条记录" in result.output
    assert "可清理记录 0 条" in runner.invoke(args=["audit", "purge", "--dry-run"]).output
    events(db, [1])
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0


def test_verify_command_fails_on_tampering(runner, db):
    events(db, [10, 5, 1])
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    db.session.rollback()  # end the command's read transaction (it ran in this test's context)
    with db.engine.begin() as conn, audit_guards_lifted(conn):  # an attacker with database rights
        conn.execute(text("DELETE FROM audit_events WHERE id = (SELECT MIN(id) + 1 FROM audit_events)"))
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "前序哈希不连续" in result.output


def test_purge_refuses_a_broken_chain(runner, db):
    events(db, [400, 300, 1])
    with db.engine.begin() as conn, audit_guards_lifted(conn):
        conn.execute(text("UPDATE audit_events SET detail = 'x' WHERE id = (SELECT MIN(id) FROM audit_events)"))
    result = runner.invoke(args=["audit", "purge"])
    assert result.exit_code == 1 and "哈希链校验未通过" in result.output
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 3


def test_retention_below_six_months_is_refused(monkeypatch):
    monkeypatch.setenv("AUDIT_RETENTION_DAYS", "90")
    with pytest.raises(ConfigError):
        make_test_app(SQLALCHEMY_DATABASE_URI="sqlite://")

"""Upgrading a log chained with plain SHA-256: `flask audit seal` verifies the old part and pins it with a
keyed event; from then on the old part can no more be rewritten than the keyed one."""

from datetime import timedelta

from sqlalchemy import select, text

from supervision.audit.chain import GENESIS, compute_legacy_hash
from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event
from supervision.db import utcnow
from tests.helpers import audit_guards_lifted


def legacy_events(db, count: int) -> None:
    """Events as the version before the keyed chain wrote them."""
    prev = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    for n in range(count):
        event = AuditEvent(
            occurred_at=utcnow() - timedelta(days=count - n),
            action="task.assign",
            category="business",
            object_type="task",
            object_id=str(n),
            result="success",
            prev_hash=prev,
        )
        event.hash = prev = compute_legacy_hash(event)
        db.session.add(event)
        db.session.flush()
    db.session.commit()


def invoke(runner, db, *args):
    db.session.rollback()
    return runner.invoke(args=["audit", *args])


def test_seal_verifies_the_old_chain_and_pins_it(runner, db):
    legacy_events(db, 3)
    record_event("task.assign", object_type="task", object_id="after-upgrade")  # keyed, links to the old head
    db.session.commit()
    result = invoke(runner, db, "verify")
    assert result.exit_code == 1 and "flask audit seal" in result.output, result.output

    result = invoke(runner, db, "seal")
    assert result.exit_code == 0 and "已封存 3 条记录" in result.output, result.output
    assert invoke(runner, db, "verify").exit_code == 0
    assert "没有需要封存的旧记录" in invoke(runner, db, "seal").output
    seal = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.seal"))
    assert seal.category == "security" and seal.after["count"] == 3


def test_a_rewrite_of_the_sealed_old_part_is_caught(runner, db):
    legacy_events(db, 3)
    assert invoke(runner, db, "seal").exit_code == 0
    old = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id).limit(3)).all()
    forged, prev = [], GENESIS
    for original in old:  # rewrite and re-chain the old part with the plain hash the attacker can compute
        event = AuditEvent(**{c.key: getattr(original, c.key) for c in AuditEvent.__table__.columns})
        event.detail, event.prev_hash = "改写", prev
        event.hash = prev = compute_legacy_hash(event)
        forged.append({"id": event.id, "detail": "改写", "prev_hash": event.prev_hash, "hash": event.hash})
    db.session.rollback()
    with db.engine.begin() as conn, audit_guards_lifted(conn):
        for row in forged:
            conn.execute(
                text("UPDATE audit_events SET detail = :detail, prev_hash = :prev_hash, hash = :hash WHERE id = :id"),
                row,
            )
    result = invoke(runner, db, "verify")
    assert result.exit_code == 1, result.output
    assert "封存时记录的哈希不符" in result.output or "前序哈希不连续" in result.output


def test_seal_refuses_a_broken_old_chain(runner, db):
    legacy_events(db, 3)
    with db.engine.begin() as conn, audit_guards_lifted(conn):
        conn.execute(text("UPDATE audit_events SET detail = 'x' WHERE id = (SELECT MIN(id) FROM audit_events)"))
    result = invoke(runner, db, "seal")
    assert result.exit_code == 1 and "旧哈希链校验未通过" in result.output and "未封存" in result.output
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit.seal")) is None

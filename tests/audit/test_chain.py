"""The audit chain is keyed and anchored outside the database (issue 13, D9): a log rewritten through
`INSERT OR REPLACE` and re-chained, cut at its end, or cut at its start with the purge anchor forged, all
fail `flask audit verify` with a Chinese message and exit code 1."""

import hashlib
import hmac
import json
import stat
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from supervision.audit.chain import _canonical, compute_legacy_hash
from supervision.audit.jobs import anchor_chain_head
from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event, verify_chain
from supervision.db import utcnow
from tests.helpers import audit_guards_lifted

REWRITE = "detail = :detail, prev_hash = :prev_hash, hash = :hash"


@pytest.fixture
def anchor_file(app, tmp_path, monkeypatch):
    path = tmp_path / "audit-anchors.jsonl"
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_FILE", str(path))
    return path


def events(db, count: int, days_ago: int = 1) -> list[AuditEvent]:
    made = [
        record_event("task.assign", object_type="task", object_id=n, now=utcnow() - timedelta(days=days_ago))
        for n in range(count)
    ]
    db.session.commit()
    return made


def verify(runner, db):
    db.session.rollback()  # end the test's read transaction (the command runs in this context)
    return runner.invoke(args=["audit", "verify"])


def rows(db) -> list[dict]:
    db.session.rollback()
    return [dict(r._mapping) for r in db.session.execute(text("SELECT * FROM audit_events ORDER BY id"))]


def test_each_event_is_sealed_with_the_key_not_a_plain_hash(app, db):
    (event,) = events(db, 1)
    canonical_sha = compute_legacy_hash(event)
    assert event.hash != canonical_sha
    key = app.config["AUDIT_CHAIN_KEY"].encode()
    assert event.hash == hmac.new(key, _canonical_bytes(event), hashlib.sha256).hexdigest()
    assert verify_chain() == (1, [])


def _canonical_bytes(event) -> bytes:
    return _canonical(event).encode()


def test_insert_or_replace_is_refused_on_sqlite(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("INSERT OR REPLACE is SQLite's")
    first, _second = events(db, 2)
    columns = "id, occurred_at, action, category, result, prev_hash, hash"
    for values in (
        f"{first.id}, '2025-01-01 00:00:00', 'forged', 'business', 'success', '{'0' * 64}', '{'f' * 64}'",
        f"99999, '2025-01-01 00:00:00', 'forged', 'business', 'success', '{'0' * 64}', '{first.hash}'",
    ):
        with pytest.raises(DBAPIError, match="INSERT OR REPLACE refused"):
            db.session.execute(text(f"INSERT OR REPLACE INTO audit_events ({columns}) VALUES ({values})"))
        db.session.rollback()
    db.session.execute(
        text("INSERT INTO audit_anchor VALUES (1, 0, :h, 0, CURRENT_TIMESTAMP)"), {"h": "0" * 64}
    )  # over no event: allowed
    db.session.commit()
    with pytest.raises(DBAPIError, match="INSERT OR REPLACE refused"):
        db.session.execute(text("INSERT OR REPLACE INTO audit_anchor VALUES (1, 0, 'x', 0, CURRENT_TIMESTAMP)"))
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 2
    assert verify_chain() == (2, [])


def test_a_rewritten_and_rechained_log_fails_verify(runner, db):
    """The D9 attack: every row rewritten (REPLACE on SQLite) and re-chained with the plain SHA-256."""
    events(db, 5)
    assert verify(runner, db).exit_code == 0
    forged, prev = [], "0" * 64
    for original in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)):
        event = AuditEvent(**{c.key: getattr(original, c.key) for c in AuditEvent.__table__.columns})
        event.detail, event.prev_hash = "改写", prev
        event.hash = prev = compute_legacy_hash(event)  # the attacker knows the algorithm, not the key
        forged.append({"id": event.id, "detail": event.detail, "prev_hash": event.prev_hash, "hash": event.hash})
    db.session.rollback()
    with db.engine.begin() as conn, audit_guards_lifted(conn):  # an attacker with database rights
        for row in forged:
            if conn.dialect.name == "sqlite":
                conn.execute(
                    text(
                        "INSERT OR REPLACE INTO audit_events SELECT id, occurred_at, user_id, username, department,"
                        " ip, action, category, object_type, object_id, result, before, after, :detail, :prev_hash,"
                        " :hash FROM audit_events WHERE id = :id"
                    ),
                    row,
                )
            else:
                conn.execute(
                    text(
                        "UPDATE audit_events SET detail = :detail, prev_hash = :prev_hash, hash = :hash WHERE id = :id"
                    ),
                    row,
                )
    assert [r["detail"] for r in rows(db)] == ["改写"] * 5
    result = verify(runner, db)
    assert result.exit_code == 1, result.output
    assert "内容与哈希不符" in result.output and "哈希链校验未通过" in result.output


def test_the_anchor_job_appends_the_head_to_a_private_append_only_file(db, anchor_file):
    assert anchor_chain_head(now=utcnow()) == 0 and not anchor_file.exists()  # an empty log
    made = events(db, 3)
    assert anchor_chain_head(now=utcnow()) == 1
    assert anchor_chain_head(now=utcnow()) == 0  # the head has not moved: nothing to add
    events(db, 1)
    assert anchor_chain_head(now=utcnow()) == 1
    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    assert [line["id"] for line in lines] == [made[-1].id, made[-1].id + 1]
    assert lines[0]["hmac"] == made[-1].hash and set(lines[0]) == {"id", "hmac", "time"}
    assert stat.S_IMODE(anchor_file.stat().st_mode) == 0o600
    assert verify_chain() == (4, [])


def test_deleting_the_last_events_is_caught_by_the_anchor_file(runner, db, anchor_file):
    events(db, 6)
    anchor_chain_head(now=utcnow())
    assert verify(runner, db).exit_code == 0
    with db.engine.begin() as conn, audit_guards_lifted(conn):
        conn.execute(text("DELETE FROM audit_events WHERE id > (SELECT MIN(id) + 2 FROM audit_events)"))
    result = verify(runner, db)
    assert result.exit_code == 1, result.output
    assert "已不在日志中" in result.output and "截断" in result.output


def test_rewriting_the_anchored_head_is_caught(runner, db, anchor_file):
    events(db, 3)
    anchor_chain_head(now=utcnow())
    with db.engine.begin() as conn, audit_guards_lifted(conn):
        conn.execute(
            text("UPDATE audit_events SET hash = :h WHERE id = (SELECT MAX(id) FROM audit_events)"), {"h": "e" * 64}
        )
    result = verify(runner, db)
    assert result.exit_code == 1 and "与链头锚定文件" in result.output, result.output


def test_deleting_the_first_events_and_forging_the_purge_anchor_is_caught(runner, db, anchor_file):
    made = events(db, 6, days_ago=400)
    anchor_chain_head(now=utcnow())
    with db.engine.begin() as conn, audit_guards_lifted(conn):
        conn.execute(text("DELETE FROM audit_events WHERE id <= :id"), {"id": made[2].id})
        conn.execute(
            text("INSERT INTO audit_anchor VALUES (1, :id, :h, 3, CURRENT_TIMESTAMP)"),
            {"id": made[2].id, "h": made[2].hash},
        )
    result = verify(runner, db)
    assert result.exit_code == 1, result.output
    assert "清理锚点" in result.output and "日志开头的记录可能被删除" in result.output


def test_a_real_purge_still_verifies_against_the_anchor_file(runner, db, anchor_file):
    events(db, 3, days_ago=400)
    anchor_chain_head(now=utcnow())  # anchors an event the purge then removes
    events(db, 2)
    assert runner.invoke(args=["audit", "purge"]).exit_code == 0
    anchor_chain_head(now=utcnow())
    result = verify(runner, db)
    assert result.exit_code == 0 and "共 3 条记录" in result.output, result.output


def test_a_damaged_anchor_file_line_is_reported(runner, db, anchor_file):
    events(db, 2)
    anchor_chain_head(now=utcnow())
    with anchor_file.open("a") as f:
        f.write("not json\n")
    result = verify(runner, db)
    assert result.exit_code == 1 and "第 2 行无法识别" in result.output

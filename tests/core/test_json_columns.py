"""JSON columns keep Chinese as itself: the stored text is readable and half the size of \\uXXXX escapes."""

from __future__ import annotations

from sqlalchemy import select, text

from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event


def test_chinese_in_a_json_column_is_stored_as_itself_and_reads_back(app, db):
    record_event("task.assign", object_type="task", object_id=1, after={"lead": ["市卫生健康委"], "note": "张三"})
    db.session.commit()
    event_id = db.session.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()))
    stored = db.session.scalar(text("SELECT CAST(after AS TEXT) FROM audit_events WHERE id = :id"), {"id": event_id})
    assert "市卫生健康委" in stored and "\\u" not in stored
    db.session.expire_all()
    assert db.session.get(AuditEvent, event_id).after == {"lead": ["市卫生健康委"], "note": "张三"}

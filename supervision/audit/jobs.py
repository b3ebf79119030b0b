"""The scheduled job that exports the audit chain's head outside the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from supervision.audit.anchors import anchor_file, append_anchor, last_anchor
from supervision.audit.models import AuditEvent
from supervision.extensions import db


def anchor_chain_head(now: datetime) -> int:
    """Append the newest event's id and keyed hash to the anchor file; 0 when it is already the last line."""
    head = db.session.execute(select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    db.session.rollback()  # end the read (SQLite: never hold the write lock while writing the file)
    if head is None:
        return 0
    path = anchor_file()
    last = last_anchor(path)
    if last is not None and (last.id, last.hmac) == (head.id, head.hash):
        return 0
    append_anchor(path, head.id, head.hash, now)
    return 1

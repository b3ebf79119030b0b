"""Writing and verifying the audit log."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from supervision.audit.anchors import anchor_file, read_anchors
from supervision.audit.chain import GENESIS, chain_start, compute_hash, compute_legacy_hash
from supervision.audit.models import AuditAnchor, AuditEvent
from supervision.db import utcnow
from supervision.extensions import db

__all__ = ["GENESIS", "chain_start", "compute_hash", "record_event", "verify_chain"]


def _json_safe(value: dict | None) -> dict | None:
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _lock_chain() -> None:
    # SQLite already holds the write lock (BEGIN IMMEDIATE); PostgreSQL needs one for the chain head.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7243001)"))


def snapshot(obj: Any, fields) -> dict:
    """The audited fields of `obj` by name: the `before` or `after` of an event."""
    return {name: getattr(obj, name) for name in fields}


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the fields that changed, as the (before, after) pair an event records."""
    keys = [key for key in after if before.get(key) != after[key]]
    return {key: before.get(key) for key in keys}, {key: after[key] for key in keys}


def record_event(
    action: str,
    *,
    object_type: str | None = None,
    object_id: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    result: str = "success",
    category: str = "business",
    detail: str | None = None,
    user: Any = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one event to the audit log in the current transaction (at `now`, by default the clock)."""
    if user is None and has_request_context() and current_user and current_user.is_authenticated:
        user = current_user
    _lock_chain()
    last = db.session.scalar(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1))
    event = AuditEvent(
        occurred_at=now or utcnow(),
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", None),
        department=user.department.name if getattr(user, "department", None) else None,
        ip=request.remote_addr if has_request_context() else None,
        action=action,
        category=category,
        object_type=object_type,
        object_id=None if object_id is None else str(object_id),
        result=result,
        before=_json_safe(before),
        after=_json_safe(after),
        detail=detail,
        prev_hash=last or chain_start(),
    )
    event.hash = compute_hash(event)
    db.session.add(event)
    db.session.flush()
    if has_request_context():
        g.setdefault("audit_actions", []).append(action)  # read by the download safety net (security/downloads.py)
    return event


def record_export(filters: dict, fmt: str) -> None:
    """An export of the log is itself recorded."""
    record_event("audit.export", object_type="audit", after={"filters": filters}, category="security", detail=fmt)


def sealed_legacy_head() -> tuple[int, str | None]:
    """The last event that may carry a plain (unkeyed) hash and that hash, as recorded by a keyed
    `audit.seal` event; (0, None) when the log was keyed from its first event."""
    through, head = 0, None
    for seal in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "audit.seal")):
        after = seal.after or {}
        if compute_hash(seal) == seal.hash and int(after.get("legacy_through_id", 0)) > through:
            through, head = int(after["legacy_through_id"]), after.get("legacy_head_hash")
    return through, head


def _authentic(event: AuditEvent, legacy_through: int) -> bool:
    if compute_hash(event) == event.hash:
        return True
    return event.id <= legacy_through and compute_legacy_hash(event) == event.hash


def _legacy_hint(event: AuditEvent) -> str:
    if compute_legacy_hash(event) != event.hash:
        return ""
    return "：该记录使用未加密钥的旧哈希；若为升级前的记录，请先运行 flask audit seal 封存"


def _purge_anchor_problems(legacy_through: int) -> list[str]:
    """The purge anchor must be the one the latest (authentic) `audit.purge` event set: otherwise the first
    events were deleted and the anchor forged to hide it."""
    anchor = db.session.get(AuditAnchor, 1)
    if anchor is None or (anchor.purged_through_id == 0 and anchor.anchor_hash == GENESIS):
        return []
    purge = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "audit.purge").order_by(AuditEvent.id.desc()).limit(1)
    )
    after = (purge.after or {}) if purge is not None else {}
    if (
        purge is None
        or not _authentic(purge, legacy_through)
        or after.get("through_id") != anchor.purged_through_id
        or after.get("anchor_hash", anchor.anchor_hash) != anchor.anchor_hash
    ):
        return [f"清理锚点（至事件 {anchor.purged_through_id}）与最近一次清理记录不符：日志开头的记录可能被删除"]
    return []


def verify_chain() -> tuple[int, list[str]]:
    """Check every event's keyed hash and link, the purge anchor, and the chain heads anchored outside the
    database; return the count and the problems found."""
    legacy_through, legacy_head = sealed_legacy_head()
    problems = _purge_anchor_problems(legacy_through)
    anchor = db.session.get(AuditAnchor, 1)
    purged_through = anchor.purged_through_id if anchor is not None else 0
    expected: dict[int, list] = {}
    path = anchor_file()
    if path.exists():
        anchors, file_problems = read_anchors(path)
        problems += file_problems
        for head in anchors:
            if head.id > purged_through:
                expected.setdefault(head.id, []).append(head)
    prev = chain_start()
    count = 0
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        count += 1
        if event.prev_hash != prev:
            problems.append(f"事件 {event.id} 的前序哈希不连续")
        if not _authentic(event, legacy_through):
            problems.append(f"事件 {event.id} 的内容与哈希不符（可能被篡改）{_legacy_hint(event)}")
        if event.id == legacy_through and event.hash != legacy_head:
            problems.append(f"事件 {event.id} 与封存时记录的哈希不符（可能被篡改）")
        for head in expected.pop(event.id, []):
            if head.hmac != event.hash:
                problems.append(f"事件 {event.id} 的哈希与链头锚定文件（{head.time}）的记录不符（可能被改写）")
        prev = event.hash
    for event_id, heads in sorted(expected.items()):
        problems.append(f"链头锚定文件记录的事件 {event_id}（{heads[0].time}）已不在日志中：日志可能被截断或删除")
    return count, problems

"""Writing and verifying the audit log."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from supervision.audit.models import AuditAnchor, AuditEvent
from supervision.db import utcnow
from supervision.extensions import db

GENESIS = "0" * 64


def _utc_naive(moment: datetime) -> datetime:
    # SQLite hands datetimes back without a zone, PostgreSQL in the session's zone: compare in UTC.
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _json_safe(value: dict | None) -> dict | None:
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False, default=str))


def _canonical(event: AuditEvent) -> str:
    fields = {
        "occurred_at": _utc_naive(event.occurred_at).strftime("%Y-%m-%dT%H:%M:%S.%f"),
        "user_id": event.user_id,
        "username": event.username,
        "department": event.department,
        "ip": event.ip,
        "action": event.action,
        "category": event.category,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "result": event.result,
        "before": event.before,
        "after": event.after,
        "detail": event.detail,
        "prev_hash": event.prev_hash,
    }
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, default=str)


def compute_hash(event: AuditEvent) -> str:
    return hashlib.sha256(_canonical(event).encode()).hexdigest()


def _lock_chain() -> None:
    # SQLite already holds the write lock (BEGIN IMMEDIATE); PostgreSQL needs one for the chain head.
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(7243001)"))


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


def chain_start() -> str:
    """The hash the oldest kept event must link to: the genesis, or the last purged event's hash."""
    anchor = db.session.get(AuditAnchor, 1)
    return anchor.anchor_hash if anchor is not None else GENESIS


def verify_chain() -> tuple[int, list[str]]:
    """Check every event's hash and link; return the count and the problems found."""
    problems: list[str] = []
    prev = chain_start()
    count = 0
    for event in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        count += 1
        if event.prev_hash != prev:
            problems.append(f"事件 {event.id} 的前序哈希不连续")
        if compute_hash(event) != event.hash:
            problems.append(f"事件 {event.id} 的内容与哈希不符（可能被篡改）")
        prev = event.hash
    return count, problems

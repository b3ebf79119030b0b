"""Counting recent login failures, per account and per source IP, from the audit log.

The audit log already records every failed password and two-factor code with the account and the IP, in
one database for all web workers, so the limits need no store of their own and hold across processes.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from supervision.audit.models import AuditEvent
from supervision.audit.services import record_event
from supervision.extensions import db
from supervision.security.services import current_policy

FAILURE_ACTIONS = ("auth.login", "auth.totp")


def recent_failures(now: datetime, *, user=None, ip: str | None = None, since: datetime | None = None) -> int:
    """Failed logins within the policy's window (and after `since`), of one account or from one IP."""
    start = now - timedelta(minutes=current_policy().failure_window_minutes)
    if since is not None and since > start:
        start = since
    query = (
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action.in_(FAILURE_ACTIONS), AuditEvent.result == "failure", AuditEvent.occurred_at > start)
    )
    if user is not None:
        query = query.where(AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id))
    if ip is not None:
        query = query.where(AuditEvent.ip == ip)
    return db.session.scalar(query) or 0


def ip_blocked(ip: str | None, now: datetime) -> bool:
    """True when this IP has failed too often lately; the first refusal in a window is audited."""
    if not ip:
        return False
    policy = current_policy()
    if recent_failures(now, ip=ip) < policy.ip_max_failures:
        return False
    start = now - timedelta(minutes=policy.failure_window_minutes)
    already = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "auth.rate_limit", AuditEvent.ip == ip, AuditEvent.occurred_at > start)
    )
    if not already:
        record_event("auth.rate_limit", result="denied", category="security", detail=f"ip={ip}")
    return True

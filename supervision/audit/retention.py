"""Purging audit events older than the retention period, so that the rest of the chain still verifies.

The purge removes a prefix of the chain: every event up to the last one older than the horizon. It first
moves the anchor (audit_anchor) to that event's id and hash; the database triggers allow deleting only
events at or below the anchor, and allow the anchor to move only over events older than 180 days. On
PostgreSQL the application's role has no DELETE on audit_events at all: it calls the owner's
`audit_purge_through` function (migration b2_audit_keys), which deletes only up to the anchor.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text

from supervision.audit.models import AuditAnchor, AuditEvent
from supervision.audit.services import record_event, verify_chain
from supervision.config import MIN_AUDIT_RETENTION_DAYS
from supervision.errors import DomainError
from supervision.extensions import db


@dataclass(frozen=True)
class PurgePlan:
    horizon: datetime
    through_id: int | None  # the last event to purge; None when nothing is old enough
    anchor_hash: str | None
    count: int


def plan_purge(now: datetime, retention_days: int) -> PurgePlan:
    """What a purge would remove: the oldest events up to the first one inside the retention period."""
    if retention_days < MIN_AUDIT_RETENTION_DAYS:
        raise DomainError(f"操作日志至少保存 {MIN_AUDIT_RETENTION_DAYS} 天（六个月）。")
    horizon = now - timedelta(days=retention_days)
    first_kept = db.session.scalar(select(func.min(AuditEvent.id)).where(AuditEvent.occurred_at >= horizon))
    query = select(AuditEvent.id, AuditEvent.hash).where(AuditEvent.occurred_at < horizon)
    if first_kept is not None:
        query = query.where(AuditEvent.id < first_kept)
    last = db.session.execute(query.order_by(AuditEvent.id.desc()).limit(1)).first()
    if last is None:
        return PurgePlan(horizon, None, None, 0)
    count = db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.id <= last.id))
    return PurgePlan(horizon, last.id, last.hash, count)


def purge_events(now: datetime, retention_days: int) -> PurgePlan:
    """Delete the events past the horizon and anchor the chain at the last of them; audited."""
    _count, problems = verify_chain()
    if problems:
        raise DomainError("操作日志哈希链校验未通过，已停止清理（请先核查）：" + problems[0])
    plan = plan_purge(now, retention_days)
    if plan.through_id is None:
        return plan
    anchor = db.session.get(AuditAnchor, 1)
    if anchor is None:
        anchor = AuditAnchor(id=1, purged_count=0)
        db.session.add(anchor)
    anchor.purged_through_id, anchor.anchor_hash = plan.through_id, plan.anchor_hash
    anchor.purged_count = (anchor.purged_count or 0) + plan.count
    anchor.purged_at = now
    db.session.flush()  # the anchor first: the delete trigger reads it
    if db.session.get_bind().dialect.name == "postgresql":
        # the app's role holds no DELETE on audit_events: the owner's function deletes up to the anchor only
        db.session.execute(text("SELECT audit_purge_through(:through)"), {"through": plan.through_id})
    else:
        db.session.execute(
            delete(AuditEvent).where(AuditEvent.id <= plan.through_id).execution_options(synchronize_session=False)
        )
    record_event(
        "audit.purge",
        object_type="audit",
        category="security",
        after={
            "purged": plan.count,
            "through_id": plan.through_id,
            "anchor_hash": plan.anchor_hash,
            "horizon": plan.horizon.isoformat(),
        },
        detail=f"保存期限 {retention_days} 天",
    )
    return plan

"""The reminder policy the office edits: when to remind, when to escalate, which digests to send."""

from __future__ import annotations

from sqlalchemy import select

from supervision.audit.services import record_event, snapshot
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.reminders.models import ReminderPolicy
from supervision.validation import parse_int_list

DEFAULTS = {
    "before_days": "5,2,1",
    "on_due_day": True,
    "overdue_every": 2,
    "escalate_after": 5,
    "daily_digest": True,
    "weekly_digest": True,
    "notice_limit": 20,
}


def current_policy() -> ReminderPolicy:
    """The stored policy, or an unsaved one with the defaults."""
    policy = db.session.scalar(select(ReminderPolicy).order_by(ReminderPolicy.id).limit(1))
    return policy or ReminderPolicy(**DEFAULTS)


def parse_before_days(value: str) -> str:
    """'5, 2，1' → '5,2,1'; refuses anything but distinct working-day counts from 1 to 30."""
    days = parse_int_list(value, low=1, high=30)
    if days is None:
        raise DomainError("到期前提醒天数应为 1 到 30 之间的整数，用逗号分隔，例如 5,2,1。")
    return ",".join(str(d) for d in sorted(set(days), reverse=True))


def update_policy(data: dict, *, actor) -> ReminderPolicy:
    """The office changes the reminder policy; every change is audited."""
    policy = db.session.scalar(select(ReminderPolicy).order_by(ReminderPolicy.id).limit(1))
    if policy is None:
        policy = ReminderPolicy(**DEFAULTS)
        db.session.add(policy)
    before = snapshot(policy, DEFAULTS)
    overdue_every, escalate_after = data.get("overdue_every"), data.get("escalate_after")
    if not isinstance(overdue_every, int) or not 1 <= overdue_every <= 30:
        raise DomainError("逾期后提醒间隔应为 1 到 30 个工作日。")
    if not isinstance(escalate_after, int) or not 1 <= escalate_after <= 60:
        raise DomainError("升级督办的逾期天数应为 1 到 60 个工作日。")
    notice_limit = data.get("notice_limit")
    if notice_limit is None:  # not on the form: unchanged
        notice_limit = policy.notice_limit or DEFAULTS["notice_limit"]
    if not isinstance(notice_limit, int) or not 1 <= notice_limit <= 1000:
        raise DomainError("每日自动发出的督办通知单上限应为 1 到 1000 份。")
    policy.before_days = parse_before_days(data.get("before_days", ""))
    policy.on_due_day = bool(data.get("on_due_day"))
    policy.overdue_every = overdue_every
    policy.escalate_after = escalate_after
    policy.daily_digest = bool(data.get("daily_digest"))
    policy.weekly_digest = bool(data.get("weekly_digest"))
    policy.notice_limit = notice_limit
    policy.updated_at = utcnow()
    policy.updated_by_id = actor.id
    db.session.flush()
    record_event(
        "reminder_policy.update",
        object_type="reminder_policy",
        object_id=policy.id,
        before=before,
        after=snapshot(policy, DEFAULTS),
        user=actor,
    )
    return policy

"""What the office sees of delivery (failed, stuck and waiting messages) and how it sends one again."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, func, or_, select

from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.reminders.models import OutboxMessage
from supervision.reminders.outbox import STUCK_AFTER
from supervision.scheduler.runs import utc

VIEWS = {
    "attention": "需要关注",
    "pending": "待发送",
    "failed": "发送失败",
    "sent": "已发送",
}
LIST_LIMIT = 200


def is_stuck(message: OutboxMessage, now: datetime) -> bool:
    """Claimed for sending long ago and never finished: the sender stopped between the two commits."""
    return (
        message.status == "sending"
        and message.claimed_at is not None
        and utc(message.claimed_at) < utc(now) - STUCK_AFTER
    )


def _filter(view: str, now: datetime):
    stuck = and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < utc(now) - STUCK_AFTER)
    waiting = and_(OutboxMessage.status == "pending", OutboxMessage.attempts > 0)
    return {
        "attention": or_(OutboxMessage.status == "failed", stuck, waiting),
        "pending": OutboxMessage.status.in_(("pending", "sending")),
        "failed": OutboxMessage.status == "failed",
        "sent": OutboxMessage.status == "sent",
    }[view]


def outbox_messages(view: str, now: datetime) -> list[OutboxMessage]:
    statement = select(OutboxMessage).where(_filter(view, now))
    order = OutboxMessage.id.desc() if view == "sent" else OutboxMessage.id
    return list(db.session.scalars(statement.order_by(order).limit(LIST_LIMIT)))


def outbox_counts(now: datetime) -> dict[str, int]:
    return {
        view: db.session.scalar(select(func.count()).select_from(OutboxMessage).where(_filter(view, now)))
        for view in VIEWS
    }


def retry_message(message: OutboxMessage, *, actor, now: datetime) -> OutboxMessage:
    """Queue a failed, stuck or waiting message again; the sender takes it at its next run (every minute)."""
    if message.status == "sent":
        raise DomainError("该消息已发送成功，无需重新发送。")
    if message.status == "sending" and not is_stuck(message, now):
        raise DomainError("该消息正在发送，请稍后刷新页面查看结果。")
    before = {"status": message.status, "attempts": message.attempts, "last_error": message.last_error}
    message.status, message.attempts, message.next_attempt_at, message.claimed_at = "pending", 0, None, None
    db.session.flush()
    record_event(
        "outbox.retry",
        object_type="outbox_message",
        object_id=message.id,
        before=before,
        after={"status": "pending", "key": message.key},
        user=actor,
    )
    return message

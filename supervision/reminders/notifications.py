"""In-app notifications: the bell's unread count, the list, marking as read."""

from __future__ import annotations

from sqlalchemy import func, select, update

from supervision.db import utcnow
from supervision.errors import NotFound
from supervision.extensions import db
from supervision.permissions import BUSINESS_READERS
from supervision.reminders.models import Notification

PAGE_SIZE = 30


def unread_count(user) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def bell_count(user) -> int | None:
    """The bell's unread count; None for a user who receives no notifications (not a business role)."""
    if not user.has_role(*BUSINESS_READERS):
        return None
    return unread_count(user)


def notifications_for(user, page: int):
    statement = (
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.day.desc(), Notification.id.desc())
    )
    return db.paginate(statement, page=page, per_page=PAGE_SIZE, error_out=False)


def own_notification(user, notification_id: int) -> Notification:
    """A notification of `user`; anyone else's is reported as not found."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != user.id:
        raise NotFound("通知不存在。")
    return notification


def mark_read(notification: Notification) -> None:
    """Mark one notification as read (a user's own inbox state, not audited)."""
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()


def mark_all_read(user) -> int:
    result = db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )
    return result.rowcount

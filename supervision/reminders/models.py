"""Reminder policy, in-app notifications, the outbox, supervision notices and the scheduler's job runs."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from supervision.accounts.models import Department, User
from supervision.db import utcnow
from supervision.extensions import db
from supervision.milestones.models import Milestone

KIND_LABELS = {
    "activation": "账号激活",
    "reminder": "催办提醒",
    "daily_digest": "每日逾期汇总",
    "weekly_digest": "每周待办汇总",
    "rectification": "整改提醒",  # supervision/rectification/reminders.py
    "indicator": "指标数值催报",  # supervision/indicators/reminders.py
    "manual_reminder": "办公室催办",
    "notice_hold": "督办通知单待确认",
    "notice_issue": "督办通知单",
    "channel_test": "渠道测试消息",  # the office's 测试发送 (supervision/channels)
    "outcome": "审核结果通知",  # decisions told to the department (supervision/outcomes)
    "bulletin_month": "月度通报",  # an issued 通报 (supervision/bulletins)
    "bulletin_quarter": "季度通报",
    "bulletin_year": "年度通报",
}
CHANNEL_LABELS = {
    "email": "电子邮件",
    "webhook": "Webhook",
    "dingtalk": "钉钉机器人",
    "wecom": "企业微信机器人",
    "sms": "短信",
}
STATUS_LABELS = {"pending": "待发送", "sending": "发送中", "sent": "已发送", "failed": "发送失败"}


class ReminderPolicy(db.Model):
    """The office's reminder rules (one row; without it the defaults apply)."""

    __tablename__ = "reminder_policies"

    id: Mapped[int] = mapped_column(primary_key=True)
    before_days: Mapped[str] = mapped_column(String(40), default="5,2,1")
    on_due_day: Mapped[bool] = mapped_column(Boolean, default=True)
    overdue_every: Mapped[int] = mapped_column(Integer, default=2)
    escalate_after: Mapped[int] = mapped_column(Integer, default=5)
    daily_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    weekly_digest: Mapped[bool] = mapped_column(Boolean, default=True)
    # 督办通知单 a run may issue on a day without the office's confirmation
    notice_limit: Mapped[int] = mapped_column(Integer, default=20, server_default="20")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def before_list(self) -> list[int]:
        return sorted({int(d) for d in self.before_days.split(",") if d.strip()}, reverse=True)


class Notification(db.Model):
    """An in-app message: one per user, kind and day, listing all of the user's items."""

    __tablename__ = "notifications"
    __table_args__ = (UniqueConstraint("user_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(200))
    sections: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OutboxMessage(db.Model):
    """A message to deliver over a channel; (channel, user, kind, day) is its idempotency key."""

    __tablename__ = "outbox_messages"
    __table_args__ = (UniqueConstraint("channel", "user_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(20))  # email / webhook
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    user: Mapped[User] = relationship(lazy="joined")
    kind: Mapped[str] = mapped_column(String(20))
    day: Mapped[date] = mapped_column(Date, index=True)
    address: Mapped[str | None] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(200))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # NULL: at once
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    request_id: Mapped[str | None] = mapped_column(String(64))  # the request or job run that queued it
    # whose robot or gateway delivers it (NULL: the recipient's own department; set for channel tests)
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id", ondelete="SET NULL"))

    @property
    def key(self) -> str:
        return f"{self.channel}:{self.user_id}:{self.kind}:{self.day.isoformat()}"


class SupervisionNotice(db.Model):
    """督办通知单: issued once per milestone and department when an item is escalated."""

    __tablename__ = "supervision_notices"
    __table_args__ = (UniqueConstraint("milestone_id", "department_id"), UniqueConstraint("year", "number"))

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    number: Mapped[int] = mapped_column(Integer)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    milestone: Mapped[Milestone] = relationship(lazy="joined")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    role: Mapped[str] = mapped_column(String(20))  # lead / cooperating
    due_date: Mapped[date] = mapped_column(Date)
    overdue_days: Mapped[int] = mapped_column(Integer)
    issued_on: Mapped[date] = mapped_column(Date, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    @property
    def code(self) -> str:
        return f"健康办督〔{self.year}〕{self.number}号"


class HeldNotice(db.Model):
    """An escalation waiting for the office: beyond the day's limit, or of a unit without an active liaison.

    Waiting while `decided_at` is NULL; issued when `notice_id` is set; closed without a notice otherwise
    (the item was no longer open when the office decided)."""

    __tablename__ = "held_notices"
    __table_args__ = (UniqueConstraint("milestone_id", "department_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    milestone: Mapped[Milestone] = relationship(lazy="joined")
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    department: Mapped[Department] = relationship(lazy="joined")
    role: Mapped[str] = mapped_column(String(20))  # lead / cooperating
    due_date: Mapped[date] = mapped_column(Date)
    held_on: Mapped[date] = mapped_column(Date, index=True)
    notice_id: Mapped[int | None] = mapped_column(ForeignKey("supervision_notices.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class ReminderRecord(db.Model):
    """One item reminded on a day, by the daily run or by the office, and who was told: the 催办 history."""

    __tablename__ = "reminder_records"
    __table_args__ = (UniqueConstraint("milestone_id", "department_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    milestone_id: Mapped[int] = mapped_column(ForeignKey("milestones.id", ondelete="CASCADE"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    department: Mapped[Department] = relationship(lazy="joined")
    kind: Mapped[str] = mapped_column(String(20))  # reminder / manual_reminder
    day: Mapped[date] = mapped_column(Date)
    user_ids: Mapped[list[int]] = mapped_column(JSON)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

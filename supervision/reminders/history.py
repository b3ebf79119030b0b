"""The 催办 history of a milestone: scheduled and manual reminders, 督办通知单 issued or waiting, and whether
each recipient's messages were delivered."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from supervision.accounts.models import User
from supervision.extensions import db
from supervision.reminders.items import Item
from supervision.reminders.models import (
    CHANNEL_LABELS,
    KIND_LABELS,
    STATUS_LABELS,
    HeldNotice,
    OutboxMessage,
    ReminderRecord,
    SupervisionNotice,
)


@dataclass
class HistoryEntry:
    day: date
    label: str  # 催办提醒 / 办公室催办 / 督办通知单 ...
    department: str
    recipients: list[str] = field(default_factory=list)  # "张三（电子邮件：已发送）"
    note: str = ""
    notice_id: int | None = None  # a link to the notice's PDF


def record_reminders(reminded: list[tuple[Item, list[User]]], kind: str, day: date, sent_by: User | None = None):
    """Remember which item was reminded to whom on `day` (once per item, kind and day)."""
    if not reminded:
        return
    existing = {
        tuple(row)
        for row in db.session.execute(
            select(ReminderRecord.milestone_id, ReminderRecord.department_id).where(
                ReminderRecord.kind == kind, ReminderRecord.day == day
            )
        )
    }
    for item, users in reminded:
        key = (item.milestone.id, item.department.id)
        if key in existing:
            continue
        existing.add(key)
        db.session.add(
            ReminderRecord(
                milestone_id=key[0],
                department_id=key[1],
                kind=kind,
                day=day,
                user_ids=[u.id for u in users],
                sent_by_id=sent_by.id if sent_by else None,
            )
        )
    db.session.flush()


def _delivery(records: list[ReminderRecord]) -> tuple[dict[int, User], dict[tuple, list[str]]]:
    user_ids = {uid for r in records for uid in r.user_ids}
    if not user_ids:
        return {}, {}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    states: dict[tuple, list[str]] = {}
    messages = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.user_id.in_(user_ids),
            OutboxMessage.day.in_({r.day for r in records}),
            OutboxMessage.kind.in_({r.kind for r in records}),
        )
    )
    for m in messages:
        state = f"{CHANNEL_LABELS.get(m.channel, m.channel)}{STATUS_LABELS.get(m.status, m.status)}"
        states.setdefault((m.user_id, m.kind, m.day), []).append(state)
    return users, states


def milestone_history(milestone_id: int, department_id: int | None = None) -> list[HistoryEntry]:
    """Every reminder and notice of a milestone, newest first (one department's when `department_id`)."""
    records = select(ReminderRecord).where(ReminderRecord.milestone_id == milestone_id)
    notices = select(SupervisionNotice).where(SupervisionNotice.milestone_id == milestone_id)
    held = select(HeldNotice).where(HeldNotice.milestone_id == milestone_id, HeldNotice.notice_id.is_(None))
    if department_id is not None:
        records = records.where(ReminderRecord.department_id == department_id)
        notices = notices.where(SupervisionNotice.department_id == department_id)
        held = held.where(HeldNotice.department_id == department_id)
    records = list(db.session.scalars(records))
    users, states = _delivery(records)
    entries = []
    for r in records:
        recipients = []
        for uid in r.user_ids:
            user = users.get(uid)
            if user is not None:
                channels = ["站内通知", *states.get((uid, r.kind, r.day), [])]
                recipients.append(f"{user.display_name}（{'、'.join(channels)}）")
        sender = "" if r.sent_by_id is None else "由领导小组办公室手动发送"
        entries.append(HistoryEntry(r.day, KIND_LABELS.get(r.kind, "催办"), r.department.name, recipients, sender))
    for n in db.session.scalars(notices):
        note = f"{n.code}，逾期 {n.overdue_days} 个工作日；已通知部门负责人和领导小组办公室"
        entries.append(HistoryEntry(n.issued_on, "督办通知单", n.department.name, [], note, n.id))
    for h in db.session.scalars(held):
        note = "待办公室确认后发出" if h.decided_at is None else "事项已办结，未发出"
        entries.append(HistoryEntry(h.held_on, "督办通知单（待确认）", h.department.name, [], note))
    return sorted(entries, key=lambda e: e.day, reverse=True)

"""Reminding departments of their 整改 deadlines and escalating overdue items, by the office's reminder policy.

The same rule as the milestones' reminders (supervision.reminders.items.stage): before the deadline on the
policy's days, on the day itself, every N working days overdue; escalated once to the department heads and
the office after `escalate_after` working days. Letters go through the outbox, once per recipient and day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from types import SimpleNamespace

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.calendar.store import work_calendar
from supervision.extensions import db
from supervision.rectification.models import OPEN_STATES, Rectification
from supervision.reminders.dispatch import Queued, queue_letters, take_lock
from supervision.reminders.items import stage
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, cn_day, site_path
from supervision.reminders.policy import current_policy
from supervision.reminders.recipients import Recipients

KIND = "rectification"
SECTIONS = {"escalated": "整改逾期升级督办", "overdue": "整改已逾期", "due": "今日整改到期", "before": "整改即将到期"}


@dataclass
class RectificationRun:
    day: date
    working_day: bool
    queued: Queued = field(default_factory=Queued)
    escalated: list[Rectification] = field(default_factory=list)


def _line(item: Rectification, days: str) -> Line:
    text = f"{item.code} {item.department.name}：{item.requirement[:60]}（整改期限 {cn_day(item.deadline)}，{days}）"
    return Line(text, site_path("rectification.detail", item_id=item.id))


def run_rectification_reminders(today: date) -> RectificationRun:
    """Remind and escalate the open 整改 items of `today`; nothing on a non-working day; idempotent per day."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    if not calendar.is_working_day(today):
        return RectificationRun(today, working_day=False)
    take_lock("reminders")
    policy, people, run = current_policy(), Recipients(), RectificationRun(today, working_day=True)
    users, lines = {}, defaultdict(lambda: defaultdict(list))
    items = db.session.scalars(
        select(Rectification).where(Rectification.state.in_(OPEN_STATES)).order_by(Rectification.deadline)
    )
    for item in items:
        remaining = calendar.working_days_between(today, item.deadline)
        overdue = max(0, -remaining)
        key = stage(SimpleNamespace(remaining=remaining, overdue=overdue), policy)
        days = f"已逾期 {overdue} 个工作日" if overdue else f"还剩 {remaining} 个工作日"
        recipients = [(u, key) for u in people.liaisons[item.department_id]] if key else []
        if overdue >= policy.escalate_after and item.escalated_on is None:
            item.escalated_on = today
            run.escalated.append(item)
            recipients += [(u, "escalated") for u in people.escalation(item.department_id)]
        for user, section in recipients:
            users[user.id] = user
            lines[user.id][section].append(_line(item, days))
    letters = []
    for user_id, grouped in lines.items():
        sections = [Section(title, grouped[key]) for key, title in SECTIONS.items() if grouped.get(key)]
        count = sum(len(s.lines) for s in sections)
        subject = f"{SUBJECT_PREFIX}整改提醒（{cn_day(today)}）：{count} 项整改事项"
        intro = f"截至{cn_day(today)}，以下整改事项需要您或您所在单位及时办理。"
        letters.append(Letter(users[user_id], KIND, subject, intro, sections))
    queue_letters(letters, today, run.queued)
    for item in run.escalated:
        record_event(
            "rectification.escalate",
            object_type="rectification",
            object_id=item.id,
            after={"code": item.code, "department": item.department.name, "deadline": str(item.deadline)},
        )
    db.session.flush()
    return run

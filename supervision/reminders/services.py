"""The daily reminder decision: which department is reminded of what, escalations, and their letters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from supervision.accounts.models import User
from supervision.audit.services import record_event
from supervision.calendar.store import work_calendar
from supervision.reminders.dispatch import Queued, queue_letters, take_lock
from supervision.reminders.flood import escalate, summary_letters
from supervision.reminders.history import record_reminders
from supervision.reminders.items import Item, open_items, stage
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, cn_day, site_path
from supervision.reminders.models import HeldNotice, ReminderPolicy, SupervisionNotice
from supervision.reminders.notices import audit_notices
from supervision.reminders.policy import current_policy
from supervision.reminders.recipients import Recipients

SECTIONS = {
    "escalated": "升级督办（已发出督办通知单）",
    "overdue": "已逾期",
    "due": "今日到期",
    "before": "即将到期",
}


@dataclass
class ReminderRun:
    day: date
    working_day: bool
    queued: Queued = field(default_factory=Queued)
    notices: list[SupervisionNotice] = field(default_factory=list)
    unaddressed: list[str] = field(default_factory=list)  # departments with items but no active liaison
    held: list[HeldNotice] = field(default_factory=list)  # escalations waiting for the office's confirmation


def run_reminders(today: date) -> ReminderRun:
    """Remind, escalate and queue the letters of `today`; nothing on a non-working day; idempotent per day."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    if not calendar.is_working_day(today):
        return ReminderRun(today, working_day=False)
    take_lock("reminders")
    policy = current_policy()
    # nothing due later than the earliest "before" reminder is reminded or escalated today
    items = open_items(today, calendar, horizon=max(policy.before_list, default=0))
    people = Recipients()
    run = ReminderRun(today, working_day=True)
    run.notices, run.held = escalate(items, today, policy, people)
    reminded: list[tuple[Item, list[User]]] = []
    letters = compose_reminders(items, run.notices, today, policy, people, run.unaddressed, reminded)
    if run.held:
        letters += summary_letters(today, people)
    queue_letters(letters, today, run.queued)
    record_reminders(reminded, "reminder", today)
    # Audited last: on PostgreSQL the audit log's lock is then held only for the end of the transaction.
    audit_notices(run.notices)
    if run.queued.letters or run.notices or run.held:
        record_event(
            "reminders.run",
            object_type="day",
            object_id=today.isoformat(),
            after={"letters": len(run.queued.letters), "notices": len(run.notices), "held": len(run.held)},
        )
    return run


def compose_reminders(
    items: list[Item],
    notices: list[SupervisionNotice],
    today: date,
    policy: ReminderPolicy,
    people: Recipients,
    unaddressed: list[str],
    reminded: list[tuple[Item, list[User]]] | None = None,
) -> list[Letter]:
    """One letter per recipient listing all of their items of the day, grouped by urgency."""
    users: dict[int, User] = {}
    lines: dict[int, dict[str, list[Line]]] = defaultdict(lambda: defaultdict(list))

    def add(user: User, key: str, line: Line) -> None:
        users[user.id] = user
        lines[user.id][key].append(line)

    for item in items:
        key = stage(item, policy)
        if key is None:
            continue
        liaisons = people.liaisons[item.department.id]
        if not liaisons and item.department.name not in unaddressed:
            unaddressed.append(item.department.name)
        line = Line(item.describe(), item.path) if liaisons else None  # one line, shared by the liaisons
        for user in liaisons:
            add(user, key, line)
        if reminded is not None and liaisons:
            reminded.append((item, liaisons))
    by_key = {(i.milestone.id, i.department.id): i for i in items}
    for notice in notices:
        item = by_key[(notice.milestone_id, notice.department_id)]
        text = f"{notice.code}　{notice.department.name}：{item.describe()}"
        path = site_path("reminders.notice_pdf", notice_id=notice.id)
        for user in people.escalation(notice.department_id):
            add(user, "escalated", Line(text, path))
    letters = []
    for user_id, grouped in lines.items():
        sections = [Section(title, grouped[key]) for key, title in SECTIONS.items() if grouped.get(key)]
        count = sum(len(s.lines) for s in sections)
        letters.append(
            Letter(
                user=users[user_id],
                kind="reminder",
                subject=f"{SUBJECT_PREFIX}催办提醒（{cn_day(today)}）：{count} 项待办事项",
                intro=f"截至{cn_day(today)}，以下事项需要您或您所在单位及时处理。",
                sections=sections,
            )
        )
    return letters

"""Digests: the office's daily overview of overdue items, and each department's weekly list."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import WorkCalendar
from supervision.db import utcnow
from supervision.extensions import db
from supervision.reminders.dispatch import Queued, queue_letters, take_lock
from supervision.reminders.items import Item, open_items
from supervision.reminders.letters import SUBJECT_PREFIX, Letter, Line, Section, cn_day
from supervision.reminders.policy import current_policy
from supervision.reminders.recipients import Recipients
from supervision.scheduler.models import JobRun

WEEKLY_HORIZON = 10  # the weekly digest lists items due within this many working days
WEEKLY_MARKER = "weekly_digest"  # job_runs row: the week (its first working day) whose digest was decided


@dataclass
class DigestRun:
    day: date
    working_day: bool
    week_start: date | None = None  # set when the weekly digest was decided in this run
    queued: Queued = field(default_factory=Queued)


def first_working_day_of_week(day: date, calendar: WorkCalendar) -> date:
    monday = day - timedelta(days=day.weekday())
    return calendar.next_working_day(monday)


def run_digests(today: date) -> DigestRun:
    """Queue the daily office digest and, once a week (first working day, or the first run after it), the
    weekly department digests; nothing on a non-working day; idempotent."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    if not calendar.is_working_day(today):
        return DigestRun(today, working_day=False)
    take_lock("digests")
    policy = current_policy()
    items = open_items(today, calendar, horizon=WEEKLY_HORIZON)  # the weekly digest's window holds the daily's
    people = Recipients()
    run = DigestRun(today, working_day=True)
    if policy.daily_digest:
        queue_letters(daily_letters(items, today, people), today, run.queued)
    week_start = first_working_day_of_week(today, calendar)
    marker = db.session.get(JobRun, WEEKLY_MARKER)
    if marker is None:
        marker = JobRun(job_id=WEEKLY_MARKER)
        db.session.add(marker)
    if policy.weekly_digest and marker.last_run_on != week_start:
        queue_letters(weekly_letters(items, week_start, people), week_start, run.queued)
        marker.last_run_on, marker.last_success_at = week_start, utcnow()
        run.week_start = week_start
    db.session.flush()
    return run


def _by_department(items: list[Item]) -> list[tuple[str, list[Item]]]:
    grouped: dict[str, list[Item]] = defaultdict(list)
    for item in items:
        grouped[item.department.name].append(item)
    return sorted(grouped.items(), key=lambda pair: (-len(pair[1]), pair[0]))


def daily_letters(items: list[Item], today: date, people: Recipients) -> list[Letter]:
    overdue = [item for item in items if item.overdue > 0]
    if not overdue:
        return []
    groups = _by_department(overdue)
    sections = [
        # the letter templates print each section's count after its title
        Section(name, [Line(i.describe(), i.path) for i in group])
        for name, group in groups
    ]
    subject = f"{SUBJECT_PREFIX}每日逾期汇总（{cn_day(today)}）：{len(overdue)} 项逾期，涉及 {len(groups)} 个部门"
    intro = f"截至{cn_day(today)}，以下事项已过截止日期仍未报送，按部门列出。"
    return [Letter(user, "daily_digest", subject, intro, sections) for user in people.office]


def weekly_letters(items: list[Item], week_start: date, people: Recipients) -> list[Letter]:
    letters = []
    for _name, group in _by_department([i for i in items if i.remaining <= WEEKLY_HORIZON]):
        department = group[0].department
        sections = [
            Section("已逾期", [Line(i.describe(), i.path) for i in group if i.overdue > 0]),
            Section(
                f"{WEEKLY_HORIZON} 个工作日内到期", [Line(i.describe(), i.path) for i in group if i.remaining >= 0]
            ),
        ]
        subject = f"{SUBJECT_PREFIX}每周待办汇总（{cn_day(week_start)}）：{department.name} {len(group)} 项"
        intro = f"本周（{cn_day(week_start)}起）{department.name}需要处理的事项如下。"
        for user in people.department_staff(department.id):
            letters.append(Letter(user, "weekly_digest", subject, intro, [s for s in sections if s.lines]))
    return letters

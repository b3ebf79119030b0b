"""Open items as of a day: lead reports and cooperating contributions not yet submitted, with their timing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import or_, select

from supervision.accounts.models import Department
from supervision.calendar.workdays import CalendarUnavailable, WorkCalendar
from supervision.districts.units import district_units, task_units
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reminders.models import ReminderPolicy
from supervision.reports.models import Contribution, Report
from supervision.tasks.models import Task
from supervision.tasks.states import unsupervised

# A report still waits for its department while it is not started, a draft or returned.
OPEN_REPORT_STATUSES = ("draft", "returned")
ROLE_ACTIONS = {"lead": "填报进展报告", "cooperating": "提交配合情况"}


@dataclass(frozen=True)
class Item:
    milestone: Milestone
    department: Department
    role: str  # lead / cooperating
    remaining: int  # working days until the due date; negative: working days overdue

    @property
    def overdue(self) -> int:
        return max(0, -self.remaining)

    @property
    def path(self) -> str:
        return f"/milestones/{self.milestone.id}"

    def describe(self) -> str:
        task = self.milestone.task
        due = self.milestone.due_date
        if self.remaining > 0:
            timing = f"还有 {self.remaining} 个工作日到期"
        elif self.remaining == 0:
            timing = "今日到期"
        else:
            timing = f"已逾期 {self.overdue} 个工作日"
        return (
            f"{task.kind_label}{task.number}“{task.name}”· {self.milestone.title}"
            f"（{'牵头' if self.role == 'lead' else '配合'}，请{ROLE_ACTIONS[self.role]}；"
            f"截止 {due.year}年{due.month}月{due.day}日，{timing}）"
        )


def stage(item: Item, policy: ReminderPolicy) -> str | None:
    """'before' / 'due' / 'overdue' when the policy reminds the department of `item` today, else None."""
    if item.remaining > 0:
        return "before" if item.remaining in policy.before_list else None
    if item.remaining == 0:
        return "due" if policy.on_due_day else None
    return "overdue" if item.overdue % policy.overdue_every == 0 else None


def _remaining(calendar: WorkCalendar, today: date, due: date) -> int:
    try:
        return calendar.working_days_between(today, due)
    except CalendarUnavailable:
        return (due - today).days


def last_due_within(calendar: WorkCalendar, today: date, horizon: int) -> date | None:
    """The last due date at most `horizon` working days after `today` (every later one is further away);
    None when the calendar cannot tell (the caller then reads every due date)."""
    count, day = 0, today
    try:
        for _ in range(3660):
            following = day + timedelta(days=1)
            if calendar.is_working_day(following):
                count += 1
                if count > horizon:
                    return day
            day = following
    except CalendarUnavailable:
        pass
    return None


def open_items(today: date, calendar: WorkCalendar, horizon: int | None = None) -> list[Item]:
    """Every department's open item on milestones of active tasks whose task and plan states are supervised
    now (a closed plan or task is not, whatever day the run is for), ordered by due date; with `horizon`,
    only those due within that many working days (or overdue)."""
    statement = (
        select(Milestone)
        .join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Task.active, Task.start_year <= Milestone.year, Task.end_year >= Milestone.year)
        .where(~unsupervised(Milestone.year, None))
        .where(or_(Report.id.is_(None), Report.status.in_(OPEN_REPORT_STATUSES)))
        .order_by(Milestone.due_date, Milestone.id)
    )
    cutoff = None if horizon is None else last_due_within(calendar, today, horizon)
    if cutoff is not None:  # the years ahead hold most milestones: a reminder run needs only the coming days
        statement = statement.where(Milestone.due_date <= cutoff)
    rows = db.session.execute(statement).scalars()
    submitted = {
        tuple(row)
        for row in db.session.execute(
            select(Contribution.milestone_id, Contribution.department_id).where(Contribution.status == "submitted")
        )
    }
    remaining: dict[date, int] = {}
    districts = district_units()  # 各区、县(市)政府 on a task: each district unit has its own item
    items = []
    for milestone in rows:
        due = milestone.due_date
        if due not in remaining:
            remaining[due] = _remaining(calendar, today, due)
        for department, role in task_units(milestone.task, districts):
            if role == "cooperating" and (milestone.id, department.id) in submitted:
                continue
            items.append(Item(milestone, department, role, remaining[due]))
    return items

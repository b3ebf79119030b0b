"""Lights computed by the database, for pages that count or filter many milestones.

`light_case()` is the SQL twin of `services.light_for()` (a test keeps them equal): done when approved;
grey outside the task's period or when the task is suspended; closed when the task's or plan's state ends
its supervision (tasks/states.py); red after the due date; yellow when not
submitted and due before the (N+1)-th working day from today; green otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, case, func, or_, select

from supervision.accounts.models import Department
from supervision.calendar.store import work_calendar
from supervision.calendar.workdays import CalendarUnavailable
from supervision.extensions import db
from supervision.listing import RowPage
from supervision.milestones.lights import LIGHT_ORDER, YELLOW_WORKING_DAYS
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report
from supervision.tasks.models import Task, TaskDepartment
from supervision.tasks.states import unsupervised
from supervision.work.queries import MilestoneRow, completed_late

NOT_SUBMITTED = ("draft", "returned")


def yellow_limit(today: date, yellow_days: int = YELLOW_WORKING_DAYS) -> date:
    """A milestone is yellow when it is due before this date (and after today)."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    try:
        return calendar.add_working_days(today, yellow_days + 1)
    except CalendarUnavailable:
        return today + timedelta(days=yellow_days + 1)


def light_case(today: date):
    limit = yellow_limit(today)
    return case(
        (Report.status == "approved", "done"),
        (or_(Task.active.is_(False), Milestone.year < Task.start_year, Milestone.year > Task.end_year), "grey"),
        (unsupervised(Milestone.year, today), "closed"),
        (Milestone.due_date < today, "red"),
        (and_(or_(Report.status.is_(None), Report.status.in_(NOT_SUBMITTED)), Milestone.due_date < limit), "yellow"),
        else_="green",
    )


def year_rows(year: int):
    """FROM milestones of the year with their task, plan and report."""
    return (
        select()
        .select_from(Milestone)
        .join(Task, Task.id == Milestone.task_id)
        .join(Plan, Plan.id == Task.plan_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Milestone.year == year)
    )


UNASSIGNED = "未交办"


@dataclass
class LightCounts:
    """The year's milestones counted by light, three ways: {name: {light: count}}."""

    by_plan: dict[str, dict[str, int]]
    by_category: dict[str, dict[str, int]]
    by_lead_department: dict[str, dict[str, int]]  # a task's milestones count for each of its leads


def light_counts(year: int, today: date) -> LightCounts:
    """One grouped scan of the year's milestones (by task and light), then the tasks' plan, category and
    leads: the database reads the tens of thousands of milestones once, not once per grouping."""
    light = light_case(today)
    per_task = db.session.execute(
        year_rows(year)
        .add_columns(Task.id, Plan.title, Task.category, light, func.count())
        .group_by(Task.id, Plan.title, Task.category, light)
    ).all()
    leads: dict[int, list[str]] = {}
    for task_id, name in db.session.execute(
        select(TaskDepartment.task_id, Department.name)
        .join(Department, Department.id == TaskDepartment.department_id)
        .where(
            TaskDepartment.role == "lead",
            TaskDepartment.task_id.in_(select(Milestone.task_id).where(Milestone.year == year)),
        )
    ):
        leads.setdefault(task_id, []).append(name)
    result = LightCounts({}, {}, {UNASSIGNED: {}})  # tasks without a lead: always a row
    for task_id, plan, category, value, count in per_task:
        for grouping, key in ((result.by_plan, plan), (result.by_category, category)):
            _add(grouping, key, value, count)
        for name in leads.get(task_id, [UNASSIGNED]):
            _add(result.by_lead_department, name, value, count)
    return result


def _add(grouping: dict[str, dict[str, int]], key: str, light: str, count: int) -> None:
    counts = grouping.setdefault(key, {})
    counts[light] = counts.get(light, 0) + count


def listing(
    year: int, today: date, light: str | None, sort: str, descending: bool, page: int | None, per_page: int = 50
):
    """One page of the year's milestones (optionally of one light), sorted and paginated in the database."""
    light_expr = light_case(today)
    statement = year_rows(year).add_columns(Milestone, Report.status, light_expr, Report.submitted_at)
    if light:
        statement = statement.where(light_expr == light)
    orders = {
        "due": [Milestone.due_date, Milestone.id],
        "task": [Plan.code, Task.kind, Task.number, Milestone.due_date, Milestone.id],
        "light": [case(LIGHT_ORDER, value=light_expr), Milestone.due_date, Milestone.id],
    }[sort]
    statement = statement.order_by(*[o.desc() if descending else o for o in orders])
    total = db.session.scalar(select(func.count()).select_from(statement.order_by(None).subquery()))
    if page is not None:
        page = max(1, min(page, max(1, -(-total // per_page))))
        statement = statement.limit(per_page).offset((page - 1) * per_page)
    rows = [
        MilestoneRow(m, status, value, completed_late(m, status, submitted))
        for m, status, value, submitted in db.session.execute(statement)
    ]
    return RowPage(rows, page or 1, per_page if page is not None else max(total, 1), total)

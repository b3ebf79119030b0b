"""Milestone lists with their report state and light, in one query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, select

from supervision.calendar.store import work_calendar
from supervision.extensions import db
from supervision.milestones.lights import light_for
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report
from supervision.tasks.models import Task, TaskDepartment


@dataclass
class MilestoneRow:
    milestone: Milestone
    status: str | None
    light: str

    @property
    def task(self) -> Task:
        return self.milestone.task


def rows_for(query: Select, today: date) -> list[MilestoneRow]:
    """`query` selects Milestone; the report status is joined in, lights computed for `today`."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    statement = query.add_columns(Report.status).outerjoin(Report, Report.milestone_id == Milestone.id)
    return [
        MilestoneRow(m, status, light_for(m, status, today, calendar))
        for m, status in db.session.execute(statement.order_by(Milestone.due_date, Milestone.id))
    ]


def milestones_of_year(year: int) -> Select:
    return select(Milestone).join(Task).join(Plan).where(Milestone.year == year)


def for_department(year: int, department_id: int, role: str) -> Select:
    link = select(TaskDepartment.task_id).where(
        TaskDepartment.department_id == department_id, TaskDepartment.role == role
    )
    return milestones_of_year(year).where(Milestone.task_id.in_(link))


EXPORT_HEADERS = ["状态灯", "规划", "任务", "节点", "截止日期", "报告状态", "牵头部门"]


def export_cells(row: MilestoneRow) -> list:
    from supervision.milestones.lights import LIGHT_LABELS
    from supervision.reports.models import REPORT_STATUS_LABELS

    task = row.task
    return [
        LIGHT_LABELS[row.light],
        task.plan.title,
        f"{task.kind_label} {task.number} {task.name}",
        row.milestone.title,
        row.milestone.due_date.isoformat(),
        REPORT_STATUS_LABELS.get(row.status, "未填报"),
        "、".join(d.name for d in task.lead_departments),
    ]


def sort_keys() -> dict:
    from supervision.milestones.lights import LIGHT_ORDER

    return {
        "due": lambda r: (r.milestone.due_date, r.milestone.id),
        "light": lambda r: (LIGHT_ORDER[r.light], r.milestone.due_date),
        "task": lambda r: (r.task.plan.code, r.task.kind, r.task.number, r.milestone.due_date),
    }

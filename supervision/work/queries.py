"""Milestone lists with their report state and light, in one query each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, select

from supervision.calendar.store import work_calendar
from supervision.clock import local_date
from supervision.districts.units import acting_ids
from supervision.extensions import db
from supervision.milestones.lights import LIGHT_LABELS, LIGHT_ORDER, light_for
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import REPORT_STATUS_LABELS, Report
from supervision.tasks.models import Task, TaskDepartment


@dataclass
class MilestoneRow:
    milestone: Milestone
    status: str | None
    light: str
    late: bool = False  # approved, but the approved version was submitted after the due date

    @property
    def task(self) -> Task:
        return self.milestone.task

    @property
    def shown_light(self) -> str:
        """The light as shown: 逾期完成 (done_late) apart from 已完成 on time; lists count both as done."""
        return "done_late" if self.light == "done" and self.late else self.light


def completed_late(milestone: Milestone, status: str | None, submitted_at: datetime | None) -> bool:
    """Done late: approved, and the version approved was submitted after the due date (Shanghai days).

    The assessment's lead-task score counts lateness the same way: the office's review time never makes a
    department late."""
    return status == "approved" and submitted_at is not None and local_date(submitted_at) > milestone.due_date


def rows_for(query: Select, today: date) -> list[MilestoneRow]:
    """`query` selects Milestone; the report status is joined in, lights computed for `today`."""
    calendar = work_calendar(assume_weekdays_after_official=True)
    statement = query.add_columns(Report.status, Report.submitted_at).outerjoin(
        Report, Report.milestone_id == Milestone.id
    )
    return [
        MilestoneRow(m, status, light_for(m, status, today, calendar), completed_late(m, status, submitted))
        for m, status, submitted in db.session.execute(statement.order_by(Milestone.due_date, Milestone.id))
    ]


def row_for(milestone: Milestone, today: date) -> MilestoneRow:
    """One milestone with its report status and light."""
    return rows_for(select(Milestone).where(Milestone.id == milestone.id), today)[0]


def milestones_of_year(year: int) -> Select:
    return select(Milestone).join(Task).join(Plan).where(Milestone.year == year)


def for_department(year: int, department_id: int, role: str) -> Select:
    link = select(TaskDepartment.task_id).where(
        TaskDepartment.department_id.in_(acting_ids(department_id)), TaskDepartment.role == role
    )
    return milestones_of_year(year).where(Milestone.task_id.in_(link))


def task_milestones(task_id: int, year: int, today: date) -> list[MilestoneRow]:
    """Milestone rows of one task in a year, for the task page."""
    return rows_for(milestones_of_year(year).where(Milestone.task_id == task_id), today)


EXPORT_HEADERS = ["状态灯", "规划", "任务", "节点", "截止日期", "报告状态", "牵头部门"]


def export_cells(row: MilestoneRow) -> list:
    task = row.task
    return [
        LIGHT_LABELS[row.shown_light],
        task.plan.title,
        f"{task.kind_label} {task.number} {task.name}",
        row.milestone.title,
        row.milestone.due_date.isoformat(),
        REPORT_STATUS_LABELS.get(row.status, "未填报"),
        "、".join(d.name for d in task.lead_departments),
    ]


def sort_keys() -> dict:
    return {
        "due": lambda r: (r.milestone.due_date, r.milestone.id),
        "light": lambda r: (LIGHT_ORDER[r.light], r.milestone.due_date),
        "task": lambda r: (r.task.plan.code, r.task.kind, r.task.number, r.milestone.due_date),
    }


def ledger(year: int, today: date) -> dict:
    """The year's ledger (台账): every active task with its milestones of the year, their status and light."""
    by_task: dict[int, list[MilestoneRow]] = {}
    for row in rows_for(milestones_of_year(year), today):
        by_task.setdefault(row.milestone.task_id, []).append(row)
    tasks = db.session.scalars(
        select(Task).join(Plan).where(Task.active).order_by(Plan.start_year, Plan.code, Task.kind.desc(), Task.number)
    ).all()
    return {
        "year": year,
        "tasks": [
            {
                "plan": task.plan.code,
                "kind": task.kind,
                "number": task.number,
                "name": task.name,
                "lead": [d.name for d in task.lead_departments],
                "cooperating": [d.name for d in task.cooperating_departments],
                "milestones": [
                    {
                        "title": r.milestone.title,
                        "due_date": r.milestone.due_date.isoformat(),
                        "status": r.status or "not_started",
                        "light": r.light,
                    }
                    for r in by_task.get(task.id, [])
                ],
            }
            for task in tasks
        ],
    }


LEDGER_HEADERS = ["规划", "类型", "序号", "任务名称", "牵头部门", "配合部门", "节点", "截止日期", "报告状态", "状态灯"]


def ledger_cells(data: dict) -> list[list]:
    """The ledger as spreadsheet rows: one per milestone, one blank-milestone row for a task without any."""
    cells = []
    for task in data["tasks"]:
        base = [
            task["plan"],
            "重点任务" if task["kind"] == "key_project" else "行动",
            task["number"],
            task["name"],
            "、".join(task["lead"]),
            "、".join(task["cooperating"]),
        ]
        for m in task["milestones"]:
            status = REPORT_STATUS_LABELS.get(m["status"], "未填报")
            cells.append([*base, m["title"], m["due_date"], status, LIGHT_LABELS[m["light"]]])
        if not task["milestones"]:
            cells.append([*base, "", "", "", ""])
    return cells

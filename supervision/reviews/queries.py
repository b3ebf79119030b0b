"""The review inbox (审核工作台): reports waiting for the office or a department head, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select

from supervision.accounts.models import Department
from supervision.clock import local_date
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report, ReportStatus
from supervision.tasks.models import DepartmentRole, Task, TaskDepartment

# The stage a role reviews at, and the report status that waits for it.
STAGES = {"office": ReportStatus.pending_review, "dept_head": ReportStatus.submitted}
LATENESS = {"late": "逾期报送", "on_time": "按期报送"}


@dataclass(frozen=True)
class InboxFilters:
    plan_id: int | None = None
    department_id: int | None = None
    year: int | None = None
    lateness: str = ""  # "", "late" or "on_time"


@dataclass
class InboxRow:
    report: Report

    @property
    def milestone(self) -> Milestone:
        return self.report.milestone

    @property
    def task(self) -> Task:
        return self.report.milestone.task

    @property
    def submitted_on(self) -> date | None:
        return local_date(self.report.submitted_at) if self.report.submitted_at else None

    @property
    def late(self) -> bool:
        """Submitted after the milestone's due date (a report without a date counts as on time)."""
        return self.submitted_on is not None and self.submitted_on > self.milestone.due_date

    @property
    def days_late(self) -> int:
        return (self.submitted_on - self.milestone.due_date).days if self.late else 0


def stage_for(user, requested: str = "") -> str | None:
    """The stage `user` reviews at: the requested one when the user holds its role, else office before head."""
    stages = [s for s in STAGES if user.has_role(s)]
    if requested in stages:
        return requested
    return stages[0] if stages else None


def _lead_link(department_id: int) -> Select:
    return select(TaskDepartment.task_id).where(
        TaskDepartment.department_id == department_id, TaskDepartment.role == DepartmentRole.lead
    )


def waiting(stage: str, user) -> Select:
    """Reports waiting at `stage`; a department head sees only the tasks the department leads."""
    statement = select(Report).join(Milestone, Report.milestone_id == Milestone.id).join(Task).join(Plan)
    statement = statement.where(Report.status == STAGES[stage])
    if stage == "dept_head":
        statement = statement.where(Milestone.task_id.in_(_lead_link(user.department_id)))
    return statement


def inbox_rows(stage: str, user, filters: InboxFilters) -> list[InboxRow]:
    """Every report waiting at `stage`, any year and plan, oldest submission first."""
    statement = waiting(stage, user)
    if filters.plan_id:
        statement = statement.where(Task.plan_id == filters.plan_id)
    if filters.year:
        statement = statement.where(Milestone.year == filters.year)
    if filters.department_id:
        statement = statement.where(Milestone.task_id.in_(_lead_link(filters.department_id)))
    statement = statement.order_by(Report.submitted_at.is_(None), Report.submitted_at, Report.id)
    rows = [InboxRow(r) for r in db.session.scalars(statement).unique()]
    if filters.lateness in LATENESS:
        rows = [r for r in rows if r.late == (filters.lateness == "late")]
    return rows


def inbox_count(user) -> int | None:
    """The navigation badge: reports waiting for the user's stage (None for a user who reviews nothing)."""
    stage = stage_for(user)
    if stage is None:
        return None
    return db.session.scalar(select(func.count()).select_from(waiting(stage, user).subquery()))


def filter_choices(stage: str, user) -> dict:
    """The plans, lead departments and years that occur among the waiting reports."""
    base = waiting(stage, user).subquery()
    ids = select(base.c.id)
    in_inbox = select(Report.milestone_id).where(Report.id.in_(ids))
    plans = db.session.execute(
        select(Plan.id, Plan.title)
        .join(Task)
        .join(Milestone)
        .where(Milestone.id.in_(in_inbox))
        .distinct()
        .order_by(Plan.title)
    ).all()
    years = db.session.scalars(select(Milestone.year).where(Milestone.id.in_(in_inbox)).distinct()).all()
    departments = db.session.execute(
        select(Department.id, Department.name)
        .join(TaskDepartment, TaskDepartment.department_id == Department.id)
        .join(Milestone, Milestone.task_id == TaskDepartment.task_id)
        .where(Milestone.id.in_(in_inbox), TaskDepartment.role == DepartmentRole.lead)
        .distinct()
        .order_by(Department.name)
    ).all()
    return {"plans": plans, "years": sorted(years, reverse=True), "departments": departments}


def previous_report(report: Report) -> tuple[Milestone | None, Report | None]:
    """The same task's milestone due just before this one (the previous period), and its report."""
    milestone = report.milestone
    previous = db.session.scalar(
        select(Milestone)
        .where(
            Milestone.task_id == milestone.task_id,
            (Milestone.due_date < milestone.due_date)
            | ((Milestone.due_date == milestone.due_date) & (Milestone.id < milestone.id)),
        )
        .order_by(Milestone.due_date.desc(), Milestone.id.desc())
        .limit(1)
    )
    if previous is None:
        return None, None
    return previous, db.session.scalar(select(Report).where(Report.milestone_id == previous.id))


def reports_by_id(ids: list[int]) -> dict[int, Report]:
    if not ids:
        return {}
    return {r.id: r for r in db.session.scalars(select(Report).where(Report.id.in_(ids)))}

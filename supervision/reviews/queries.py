"""The review inbox (审核工作台): reports waiting for the office or a department head, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.orm import defaultload, lazyload

from supervision.accounts.models import Department
from supervision.clock import local_date, local_date_sql
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


def waiting(statement: Select, stage: str, user) -> Select:
    """`statement` (over reports) narrowed to the reports waiting at `stage`; a department head sees only
    the tasks the department leads. The partial index ix_reports_waiting holds these, in the inbox's order."""
    statement = statement.where(Report.status == STAGES[stage])
    if stage == "dept_head":
        led = select(Milestone.id).where(Milestone.task_id.in_(_lead_link(user.department_id)))
        statement = statement.where(Report.milestone_id.in_(led))
    return statement


def _filtered(stage: str, user, filters: InboxFilters, statement: Select) -> Select:
    """The waiting reports that match the filters; only the joins a filter needs."""
    statement = waiting(statement, stage, user)
    milestones = select(Milestone.id)
    narrowed = False
    if filters.plan_id:
        milestones = milestones.join(Task).where(Task.plan_id == filters.plan_id)
        narrowed = True
    if filters.year:
        milestones = milestones.where(Milestone.year == filters.year)
        narrowed = True
    if filters.department_id:
        milestones = milestones.where(Milestone.task_id.in_(_lead_link(filters.department_id)))
        narrowed = True
    if narrowed:
        statement = statement.where(Report.milestone_id.in_(milestones))
    if filters.lateness in LATENESS:
        due = select(Milestone.due_date).where(Milestone.id == Report.milestone_id).scalar_subquery()
        late = Report.submitted_at.is_not(None) & (local_date_sql(Report.submitted_at) > due)
        statement = statement.where(late if filters.lateness == "late" else ~late)
    return statement


def inbox_total(stage: str, user, filters: InboxFilters) -> int:
    return db.session.scalar(_filtered(stage, user, filters, select(func.count(Report.id))))


def inbox_page(stage: str, user, filters: InboxFilters, page: int, per_page: int) -> list[InboxRow]:
    """One page of the reports waiting at `stage`, any year and plan, oldest submission first: the page's
    ids from the index, then those reports with their milestones, tasks, plans and lead departments."""
    order = (Report.submitted_at.asc().nulls_last(), Report.id)
    ids = db.session.scalars(
        _filtered(stage, user, filters, select(Report.id))
        .order_by(*order)
        .limit(per_page)
        .offset((page - 1) * per_page)
    ).all()
    reports = db.session.scalars(
        select(Report)
        .where(Report.id.in_(ids))
        .options(
            lazyload(Report.target_values),
            defaultload(Report.milestone).defaultload(Milestone.task).lazyload(Task.targets),
        )
    ).unique()
    by_id = {r.id: r for r in reports}
    return [InboxRow(by_id[i]) for i in ids]


def inbox_count(user) -> int | None:
    """The navigation badge: reports waiting for the user's stage (None for a user who reviews nothing)."""
    stage = stage_for(user)
    if stage is None:
        return None
    return inbox_total(stage, user, InboxFilters())


def filter_choices(stage: str, user) -> dict:
    """The plans, lead departments and years that occur among the waiting reports: their combinations in
    one pass over the waiting reports (a nested loop from the partial index), then the few names."""
    led = (TaskDepartment.task_id == Milestone.task_id) & (TaskDepartment.role == DepartmentRole.lead)
    found = db.session.execute(
        waiting(select(Milestone.year, Task.plan_id, TaskDepartment.department_id), stage, user)
        .select_from(Report)
        .join(Milestone, Report.milestone_id == Milestone.id)
        .join(Task, Milestone.task_id == Task.id)
        .outerjoin(TaskDepartment, led)
        .distinct()
    ).all()
    plan_ids = {row.plan_id for row in found}
    department_ids = {row.department_id for row in found if row.department_id is not None}
    plans = db.session.execute(select(Plan.id, Plan.title).where(Plan.id.in_(plan_ids)).order_by(Plan.title)).all()
    departments = db.session.execute(
        select(Department.id, Department.name).where(Department.id.in_(department_ids)).order_by(Department.name)
    ).all()
    return {"plans": plans, "years": sorted({row.year for row in found}, reverse=True), "departments": departments}


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

"""A district's local tasks (各地…结合本地实际研究制定具体行动方案): its office (区健康办) creates them in the
district's own plan; its liaison reports on them; its office, not the city office, reviews the reports."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.districts.models import LocalPlan
from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.milestones.services import add_milestone
from supervision.plans.models import Plan
from supervision.reports.models import Report, ReportStatus
from supervision.reviews.services import _review
from supervision.tasks.models import Task, TaskDepartment
from supervision.validation import check_text

LOCAL_CATEGORY = "本地行动"
PLAN_YEARS = 5  # a district's plan is opened for this many years from its first local task


def local_district_id(task: Task) -> int | None:
    """The district that owns the task when it is one of its local tasks, else None."""
    return db.session.scalar(select(LocalPlan.district_id).where(LocalPlan.plan_id == task.plan_id))


def local_plan_district_id(plan: int | str) -> int | None:
    """The district owning a plan given by id or by code, if it is a district's own plan."""
    query = select(LocalPlan.district_id).join(Plan, Plan.id == LocalPlan.plan_id)
    where = Plan.id == plan if isinstance(plan, int) else Plan.code == plan
    return db.session.scalar(query.where(where))


def require_district_office(actor, district_id: int) -> None:
    if not (actor.has_role("district_office") and actor.department_id == district_id):
        raise PermissionDenied("只有本地区的区健康办可以执行此操作。")


def _plan_for(district: Department, year: int) -> Plan:
    latest = select(LocalPlan).where(LocalPlan.district_id == district.id).order_by(LocalPlan.plan_id.desc())
    local = db.session.scalar(latest.limit(1))
    if local is not None:
        if year > local.plan.end_year or year < local.plan.start_year:
            local.plan.start_year = min(local.plan.start_year, year)
            local.plan.end_year = max(local.plan.end_year, year)
        return local.plan
    plan = Plan(
        code=f"LOCAL-{district.id}-{year}",
        title=f"{district.name}本地行动方案",
        start_year=year,
        end_year=year + PLAN_YEARS - 1,
        document=f"{district.name}结合本地实际制定的具体行动方案",
    )
    db.session.add(plan)
    db.session.flush()
    db.session.add(LocalPlan(plan_id=plan.id, district_id=district.id))
    return plan


def create_local_task(
    district: Department, name: str, content: str, year: int, milestone_title: str, due: date | None, *, actor
) -> Task:
    """The district office adds a local task led by its district, with its first milestone."""
    require_district_office(actor, district.id)
    name = check_text(name, Task.name, label="任务名称").strip()
    content = check_text(content, Task.content, label="任务内容", multiline=True).strip()
    if not name:
        raise DomainError("请填写任务名称。")
    if due is None:
        raise DomainError("请填写节点的截止日期（格式 2026-12-31）。")
    plan = _plan_for(district, year)
    number = (db.session.scalar(select(func.max(Task.number)).where(Task.plan_id == plan.id)) or 0) + 1
    task = Task(
        plan=plan,
        kind="action",
        number=number,
        category=LOCAL_CATEGORY,
        name=name,
        content=content or name,
        start_year=year,
        end_year=year,
        assigned_in_app=True,
    )
    task.departments.append(TaskDepartment(department_id=district.id, role="lead", position=0))
    db.session.add(task)
    db.session.flush()
    add_milestone(task, year, milestone_title or "", due, actor=actor)
    record_event(
        "district.local_task_add",
        object_type="task",
        object_id=task.id,
        after={"name": name, "district": district.name, "year": year},
        user=actor,
    )
    return task


def add_local_milestone(task: Task, title: str, due: date | None, *, actor) -> Milestone:
    """The district office adds a further milestone to one of its local tasks."""
    district_id = local_district_id(task)
    if district_id is None:
        raise DomainError("该任务不是区、县(市)的本地任务。")
    require_district_office(actor, district_id)
    if due is None:
        raise DomainError("请填写节点的截止日期（格式 2026-12-31）。")
    return add_milestone(task, due.year, title or "", due, actor=actor)


def review_local_report(report: Report, outcome: str, comment: str, *, actor) -> None:
    """通过 / 退回 of a local task's report by its district office (it takes the city office's stage)."""
    district_id = local_district_id(report.milestone.task)
    if district_id is None:
        raise DomainError("该报告不属于本地任务，由领导小组办公室审核。")
    require_district_office(actor, district_id)
    if report.status != ReportStatus.pending_review:
        raise DomainError("该报告当前不在待审核状态。")
    _review(report, "office", outcome, comment, actor)


def refuse_city_review_of_local(report: Report, actor) -> None:
    """Hook of the city office's review: a district's local task is reviewed by that district's office."""
    if local_district_id(report.milestone.task) is not None:
        raise PermissionDenied("本地任务由所在区、县(市)的区健康办审核。")


def local_tasks(district_id: int) -> list[Task]:
    plans = select(LocalPlan.plan_id).where(LocalPlan.district_id == district_id)
    return list(db.session.scalars(select(Task).where(Task.plan_id.in_(plans)).order_by(Task.number)))


def pending_local_reports(district_id: int) -> list[Report]:
    """Reports of the district's local tasks waiting for the district office."""
    plans = select(LocalPlan.plan_id).where(LocalPlan.district_id == district_id)
    return list(
        db.session.scalars(
            select(Report)
            .join(Milestone, Milestone.id == Report.milestone_id)
            .join(Task, Task.id == Milestone.task_id)
            .where(Task.plan_id.in_(plans), Report.status == ReportStatus.pending_review)
            .order_by(Milestone.due_date, Report.id)
        )
    )

"""Read-side queries of the catalogue: filtered task lists, task counts, department pages, assignment history."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from supervision.accounts.models import Department, DepartmentKind, User, UserRole
from supervision.accounts.queries import department_order
from supervision.audit.models import AuditEvent
from supervision.extensions import db
from supervision.permissions import listed_plans
from supervision.plans.models import Plan
from supervision.tasks.models import Task, TaskDepartment
from supervision.validation import parse_id


@dataclass
class TaskFilter:
    plan: str = ""
    category: str = ""
    department: int | None = None
    role: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args) -> TaskFilter:
        return cls(
            plan=args.get("plan", "").strip(),
            category=args.get("category", "").strip(),
            department=parse_id(args.get("department")),
            role=args.get("role", "") if args.get("role") in ("lead", "cooperating") else "",
            q=args.get("q", "").strip()[:100],
        )


def filtered_tasks(f: TaskFilter, user=None) -> Select:
    """The task list for the filter; with `user`, only the tasks the user's lists show (see listed_plans)."""
    query = select(Task).join(Plan).order_by(Plan.start_year, Plan.code, Task.kind.desc(), Task.number)
    if user is not None:
        query = query.where(*listed_plans(user, Task.plan_id))
    if f.plan:
        query = query.where(Plan.code == f.plan)
    if f.category:
        query = query.where(Task.category == f.category)
    if f.department:
        link = select(TaskDepartment.task_id).where(TaskDepartment.department_id == f.department)
        if f.role:
            link = link.where(TaskDepartment.role == f.role)
        query = query.where(Task.id.in_(link))
    if f.q:
        pattern = "%" + f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(or_(Task.name.like(pattern, escape="\\"), Task.content.like(pattern, escape="\\")))
    return query


def sorted_by_name(query: Select, sort: str) -> Select:
    """The list ordered by task name (`name`, or `-name` for descending) instead of catalogue order."""
    return query.order_by(None).order_by(Task.name.desc() if sort.startswith("-") else Task.name)


def task_counts_by_plan() -> dict[int, int]:
    """The number of tasks of each plan, keyed by plan id."""
    return dict(db.session.execute(select(Task.plan_id, func.count()).group_by(Task.plan_id)).all())


def assignment_history(task: Task) -> list[AuditEvent]:
    """The assignments (交办, also the demo ones) of a task from the audit log, newest first."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.object_type == "task", AuditEvent.object_id == str(task.id))
            .where(AuditEvent.action.in_(["task.assign", "task.demo_assign"]))
            .order_by(AuditEvent.id.desc())
        )
    )


def categories() -> list[tuple[str, str]]:
    """(plan code, category) pairs in catalogue order."""
    rows = db.session.execute(
        select(Plan.code, Task.category, func.min(Task.number))
        .join(Plan)
        .group_by(Plan.code, Task.category)
        .order_by(Plan.code, func.min(Task.number))
    )
    return [(code, category) for code, category, _ in rows]


def department_tasks(department: Department) -> dict[str, list[Task]]:
    rows = db.session.execute(
        select(TaskDepartment.role, Task)
        .join(Task, TaskDepartment.task_id == Task.id)
        .join(Plan)
        .where(TaskDepartment.department_id == department.id)
        .order_by(Plan.start_year, Task.kind.desc(), Task.number)
    )
    result: dict[str, list[Task]] = {"lead": [], "cooperating": []}
    for role, task in rows:
        result[role].append(task)
    return result


def unassigned_tasks() -> list[Task]:
    """Open tasks without a lead department (waiting for 交办), in catalogue order."""
    with_lead = select(TaskDepartment.task_id).where(TaskDepartment.role == "lead")
    return list(
        db.session.scalars(
            select(Task)
            .join(Plan)
            .where(Task.status == "open", Task.id.not_in(with_lead))
            .order_by(Plan.start_year, Plan.code, Task.kind.desc(), Task.number)
        )
    )


def tasks_by_ids(ids: list[int]) -> list[Task]:
    """The tasks with these ids (unknown ids are left out), in catalogue order."""
    if not ids:
        return []
    return list(
        db.session.scalars(
            select(Task)
            .join(Plan)
            .where(Task.id.in_(ids))
            .order_by(Plan.start_year, Plan.code, Task.kind.desc(), Task.number)
        )
    )


def units_without_liaison() -> list[tuple[Department, int, int]]:
    """(department, open tasks it leads, open tasks it cooperates on) for the units that have open tasks but no
    active liaison account, in department order. Collective names (统称单位) stand for other units and are left out."""
    liaisons = (
        select(User.department_id)
        .join(UserRole, UserRole.user_id == User.id)
        .where(User.active, UserRole.role == "liaison")
    )
    lead = func.count(TaskDepartment.id).filter(TaskDepartment.role == "lead")
    cooperating = func.count(TaskDepartment.id).filter(TaskDepartment.role == "cooperating")
    rows = db.session.execute(
        select(Department, lead, cooperating)
        .join(TaskDepartment, TaskDepartment.department_id == Department.id)
        .join(Task, Task.id == TaskDepartment.task_id)
        .where(Task.status == "open", Department.kind != DepartmentKind.group.value)
        .where(Department.id.not_in(liaisons))
        .group_by(Department.id)
        .order_by(*department_order())
    )
    return [(d, n_lead, n_coop) for d, n_lead, n_coop in rows]


def get_task_or_404(task_id: int) -> Task:
    return db.get_or_404(Task, task_id)

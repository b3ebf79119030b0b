"""Read-side queries of the catalogue: filtered task lists and department pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select

from supervision.accounts.models import Department
from supervision.extensions import db
from supervision.plans.models import Plan
from supervision.tasks.models import Task, TaskDepartment


@dataclass
class TaskFilter:
    plan: str = ""
    category: str = ""
    department: int | None = None
    role: str = ""
    q: str = ""

    @classmethod
    def from_args(cls, args) -> TaskFilter:
        department = args.get("department", "")
        return cls(
            plan=args.get("plan", "").strip(),
            category=args.get("category", "").strip(),
            department=int(department) if department.isdigit() else None,
            role=args.get("role", "") if args.get("role") in ("lead", "cooperating") else "",
            q=args.get("q", "").strip()[:100],
        )


def filtered_tasks(f: TaskFilter) -> Select:
    query = select(Task).join(Plan).order_by(Plan.start_year, Plan.code, Task.kind.desc(), Task.number)
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


def categories() -> list[tuple[str, str]]:
    """(plan code, category) pairs in catalogue order."""
    rows = db.session.execute(
        select(Plan.code, Task.category, func.min(Task.number))
        .join(Plan)
        .group_by(Plan.code, Task.category)
        .order_by(Plan.code, func.min(Task.number))
    )
    return [(code, category) for code, category, _ in rows]


def active_departments() -> list[Department]:
    return list(
        db.session.scalars(select(Department).where(Department.active).order_by(Department.kind, Department.id))
    )


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

"""The district units and what 各区、县(市)政府 on a task stands for.

A task keeps the document's text: its department row is the collective unit 各区、县(市)政府 (kind group).
For contributions, reminders and access, that row stands for every active district unit (kind district).
"""

from __future__ import annotations

from sqlalchemy import or_, select

from supervision.accounts.models import Department, DepartmentAlias, DepartmentKind
from supervision.extensions import db
from supervision.tasks.models import Task

COLLECTIVE = "各区、县(市)政府"


def is_collective(department: Department) -> bool:
    """True for the collective unit that stands for every district on a task."""
    return department.kind == DepartmentKind.group and (
        department.name == COLLECTIVE or COLLECTIVE in department.alias_names
    )


def is_district(department: Department) -> bool:
    return department.kind == DepartmentKind.district


def district_units(*, include_inactive: bool = False) -> list[Department]:
    """The district units in list order (seed order, then the units the office added)."""
    query = select(Department).where(Department.kind == DepartmentKind.district)
    if not include_inactive:
        query = query.where(Department.active)
    return list(db.session.scalars(query.order_by(Department.id)))


def collective_ids() -> list[int]:
    """Ids of the collective unit (normally one row)."""
    alias = select(DepartmentAlias.department_id).where(DepartmentAlias.alias == COLLECTIVE)
    return list(
        db.session.scalars(
            select(Department.id).where(
                Department.kind == DepartmentKind.group, or_(Department.name == COLLECTIVE, Department.id.in_(alias))
            )
        )
    )


def acting_ids(department_id: int) -> list[int]:
    """The department rows a department acts through on tasks: itself, and the collective for a district."""
    department = db.session.get(Department, department_id)
    if department is not None and is_district(department) and department.active:
        return [department_id, *collective_ids()]
    return [department_id]


def names_districts(task: Task) -> bool:
    """True when the task names 各区、县(市)政府 among its departments."""
    return any(is_collective(link.department) for link in task.departments)


def task_units(task: Task, districts: list[Department] | None = None) -> list[tuple[Department, str]]:
    """(department, role) of every unit on the task, the collective replaced by each district unit."""
    units: list[tuple[Department, str]] = []
    seen: set[int] = set()
    for link in task.departments:
        if is_collective(link.department):
            members = district_units() if districts is None else districts
            pairs = [(d, link.role) for d in members]
        else:
            pairs = [(link.department, link.role)]
        for department, role in pairs:
            if department.id not in seen:
                seen.add(department.id)
                units.append((department, role))
    return units


def district_role(user, task: Task) -> str | None:
    """The role a district unit's user has on a task through 各区、县(市)政府, else None."""
    department = user.department
    if not (is_district(department) and department.active):
        return None
    for link in task.departments:
        if is_collective(link.department):
            return link.role
    return None

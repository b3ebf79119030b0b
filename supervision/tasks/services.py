"""Tasks: assignment of departments (交办) and task snapshots for the audit log."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.tasks.models import DepartmentRole, Task, TaskDepartment


def _apply_departments(task: Task, wanted: list[tuple[Department, str]], *, is_demo: bool) -> None:
    seen: set[int] = set()
    for department, _role in wanted:
        if department.id in seen:
            raise DomainError(f"部门“{department.name}”在同一任务中重复出现。")
        seen.add(department.id)
    current = {td.department_id: td for td in task.departments}
    rows = []
    for position, (department, role) in enumerate(wanted):
        row = current.get(department.id) or TaskDepartment(department=department)
        row.role, row.position = role, position
        row.is_demo = is_demo
        rows.append(row)
    task.departments = rows
    task.updated_at = utcnow()  # cached figures (supervision/cache.py) are keyed on it


def task_snapshot(task: Task) -> dict:
    return {
        "category": task.category,
        "name": task.name,
        "content": task.content,
        "period": [task.start_year, task.end_year],
        "lead": [d.name for d in task.lead_departments],
        "cooperating": [d.name for d in task.cooperating_departments],
        "targets": [t.text for t in task.targets],
    }


def assign_departments(task: Task, lead_ids: list[int], cooperating_ids: list[int], *, actor) -> None:
    """交办: the office sets the lead and cooperating departments of a task."""
    if not lead_ids:
        raise DomainError("至少需要一个牵头部门。")
    overlap = set(lead_ids) & set(cooperating_ids)
    if overlap:
        raise DomainError("同一部门不能既是牵头部门又是配合部门。")
    departments = {
        d.id: d for d in db.session.scalars(select(Department).where(Department.id.in_(lead_ids + cooperating_ids)))
    }
    missing = [i for i in lead_ids + cooperating_ids if i not in departments]
    if missing:
        raise DomainError("所选部门不存在或已被删除，请刷新页面后重试。")
    inactive = [departments[i].name for i in lead_ids + cooperating_ids if not departments[i].active]
    if inactive:
        raise DomainError("以下部门已停用，不能交办：" + "、".join(inactive))
    before = task_snapshot(task)
    wanted = [(departments[i], DepartmentRole.lead.value) for i in lead_ids]
    wanted += [(departments[i], DepartmentRole.cooperating.value) for i in cooperating_ids]
    _apply_departments(task, wanted, is_demo=False)
    task.assigned_in_app = True
    db.session.flush()
    after = task_snapshot(task)
    record_event(
        "task.assign",
        object_type="task",
        object_id=task.id,
        before={"lead": before["lead"], "cooperating": before["cooperating"]},
        after={"lead": after["lead"], "cooperating": after["cooperating"]},
        user=actor,
    )


MAX_BATCH = 200


def assign_departments_batch(tasks: list[Task], lead_ids: list[int], cooperating_ids: list[int], *, actor) -> int:
    """Batch 交办: the same lead and cooperating departments for several tasks, all or nothing; each task is
    audited like a single 交办."""
    if not tasks:
        raise DomainError("请至少勾选一项任务。")
    if len(tasks) > MAX_BATCH:
        raise DomainError(f"一次最多批量交办 {MAX_BATCH} 项任务。")
    for task in tasks:
        assign_departments(task, lead_ids, cooperating_ids, actor=actor)
    return len(tasks)


def set_demo_leads(task: Task, lead_names: list[str], index: dict[str, Department]) -> bool:
    """Give a task demo lead departments, unless the office has assigned it already."""
    if task.assigned_in_app or task.lead_departments:
        return False
    _apply_departments(task, [(index[n], DepartmentRole.lead.value) for n in lead_names], is_demo=True)
    db.session.flush()
    record_event("task.demo_assign", object_type="task", object_id=task.id, after={"lead": lead_names})
    return True

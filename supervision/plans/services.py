"""Plan catalogue: loading plans from data (seed files, Excel), exporting them, assigning departments."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select

from supervision.accounts.models import Department, DepartmentAlias
from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.plans.models import DepartmentRole, Plan, Task, TaskDepartment, TaskKind, TaskTarget

TASK_FIELDS = ("category", "name", "content", "start_year", "end_year")


class UnknownDepartments(DomainError):
    def __init__(self, names: list[str]):
        super().__init__("以下部门不存在，未导入任何数据：" + "、".join(f"“{n}”" for n in names))
        self.names = names


def department_index() -> dict[str, Department]:
    """Every spelling (name and alias) of every department."""
    index = {d.name: d for d in db.session.scalars(select(Department))}
    for alias in db.session.scalars(select(DepartmentAlias)):
        index[alias.alias] = alias.department
    return index


def check_departments(plans: Iterable[dict], index: dict[str, Department]) -> None:
    unknown = sorted(
        {
            name
            for plan in plans
            for task in plan["tasks"]
            for name in [*task.get("lead", []), *task.get("cooperating", [])]
            if name not in index
        }
    )
    if unknown:
        raise UnknownDepartments(unknown)


def load_plans(plans: list[dict], *, actor=None) -> dict[str, int]:
    """Insert or update plans and their tasks; all plans are checked before anything is written."""
    index = department_index()
    check_departments(plans, index)
    counts = {"plans": 0, "created": 0, "updated": 0, "unchanged": 0}
    for data in plans:
        _load_plan(data, index, counts, actor)
        counts["plans"] += 1
    return counts


def _load_plan(data: dict, index: dict[str, Department], counts: dict[str, int], actor) -> Plan:
    plan = db.session.scalar(select(Plan).where(Plan.code == data["code"]))
    start, end = data["period"]
    if plan is None:
        plan = Plan(code=data["code"], title=data["title"], start_year=start, end_year=end)
        db.session.add(plan)
    plan.title, plan.start_year, plan.end_year = data["title"], start, end
    plan.document = data.get("document")
    db.session.flush()
    existing = {(t.kind, t.number): t for t in plan.tasks}
    for row in data["tasks"]:
        task = existing.get((row["kind"], row["number"]))
        wanted = {
            "category": row["category"],
            "name": row["name"],
            "content": row["content"],
            "start_year": row["period"][0],
            "end_year": row["period"][1],
        }
        if task is None:
            task = Task(plan=plan, kind=TaskKind(row["kind"]).value, number=row["number"], **wanted)
            db.session.add(task)
            _set_targets(task, row.get("targets", []))
            _set_departments(task, row.get("lead", []), row.get("cooperating", []), index)
            db.session.flush()
            counts["created"] += 1
            record_event("task.import", object_type="task", object_id=task.id, after=task_snapshot(task), user=actor)
            continue
        before = task_snapshot(task)
        for field, value in wanted.items():
            setattr(task, field, value)
        _set_targets(task, row.get("targets", []))
        lead, cooperating = row.get("lead", []), row.get("cooperating", [])
        keep_demo = task.has_demo_assignment and not (lead or cooperating)
        if not task.assigned_in_app and not keep_demo:
            _set_departments(task, lead, cooperating, index)
        db.session.flush()
        after = task_snapshot(task)
        if after == before:
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
            record_event("task.import", object_type="task", object_id=task.id, before=before, after=after, user=actor)
    return plan


def _set_targets(task: Task, texts: list[str]) -> None:
    """Update targets in place by position, so their ids (referenced by reports) stay stable."""
    for position, text in enumerate(texts):
        if position < len(task.targets):
            task.targets[position].text = text
        else:
            task.targets.append(TaskTarget(position=position, text=text))
    del task.targets[len(texts) :]


def _set_departments(task: Task, lead: list[str], cooperating: list[str], index: dict[str, Department]) -> None:
    wanted = [(index[n], DepartmentRole.lead.value) for n in lead]
    wanted += [(index[n], DepartmentRole.cooperating.value) for n in cooperating]
    _apply_departments(task, wanted, is_demo=False)


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


def set_demo_leads(task: Task, lead_names: list[str], index: dict[str, Department]) -> bool:
    """Give a task demo lead departments, unless the office has assigned it already."""
    if task.assigned_in_app or task.lead_departments:
        return False
    _apply_departments(task, [(index[n], DepartmentRole.lead.value) for n in lead_names], is_demo=True)
    db.session.flush()
    record_event("task.demo_assign", object_type="task", object_id=task.id, after={"lead": lead_names})
    return True


def export_plan(plan: Plan) -> dict:
    """The plan in the exchange shape used by JSON export, Excel and the seed files."""
    return {
        "code": plan.code,
        "title": plan.title,
        "period": [plan.start_year, plan.end_year],
        "document": plan.document,
        "tasks": [
            {
                "kind": task.kind,
                "number": task.number,
                "category": task.category,
                "name": task.name,
                "content": task.content,
                "period": [task.start_year, task.end_year],
                "lead": [d.name for d in task.lead_departments],
                "cooperating": [d.name for d in task.cooperating_departments],
                "targets": [t.text for t in task.targets],
            }
            for task in plan.tasks
        ],
    }


def set_head_approval(department, required: bool, *, actor) -> None:
    """Whether the department head approves reports before the office sees them."""
    before = {"requires_head_approval": department.requires_head_approval}
    department.requires_head_approval = required
    db.session.flush()
    record_event(
        "department.settings",
        object_type="department",
        object_id=department.id,
        before=before,
        after={"requires_head_approval": required},
        user=actor,
    )

"""Plan catalogue: loading plans from data (seed files, Excel), exporting them, assigning departments."""

from __future__ import annotations

import json
from collections.abc import Iterable

from sqlalchemy import select

from supervision.accounts.models import Department, DepartmentAlias
from supervision.audit.services import record_event
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.plans.excel_write import plans_to_xlsx
from supervision.plans.models import Plan
from supervision.tasks.models import DepartmentRole, Task, TaskKind, TaskTarget
from supervision.tasks.services import _apply_departments, task_snapshot

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
            target = task.targets[position]
            if target.text != text:  # a new wording: the office's hand-written rule was for the old one
                target.text, target.rule, target.rule_wording = text, None, None
        else:
            task.targets.append(TaskTarget(position=position, text=text))
    del task.targets[len(texts) :]


def _set_departments(task: Task, lead: list[str], cooperating: list[str], index: dict[str, Department]) -> None:
    wanted = [(index[n], DepartmentRole.lead.value) for n in lead]
    wanted += [(index[n], DepartmentRole.cooperating.value) for n in cooperating]
    _apply_departments(task, wanted, is_demo=False)


def export_plan(plan: Plan) -> dict:
    """The plan in the exchange shape used by JSON export, Excel and the seed files."""
    return {
        "code": plan.code,
        "title": plan.title,
        "period": [plan.start_year, plan.end_year],
        "document": plan.document,
        "tasks": [{"kind": task.kind, "number": task.number, **task_snapshot(task)} for task in plan.tasks],
    }


def export_plans(plans: list[Plan], fmt: str, *, code: str | None = None) -> bytes:
    """The plans as JSON or an Excel workbook ("json" / "xlsx"); the export is recorded in the audit log."""
    exported = [export_plan(plan) for plan in plans]
    if fmt == "json":
        data = (json.dumps({"plans": exported}, ensure_ascii=False, indent=2) + "\n").encode()
    else:
        data = plans_to_xlsx(exported)
    record_event("plan.export", object_type="plan", object_id=code or "*", detail=fmt)
    return data


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

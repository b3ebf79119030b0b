"""The life of a task: 推进中 → 已办结 (销号) / 中止 / 转入新规划, and back with a reason; every change audited."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.plans.lifecycle import require_reason
from supervision.plans.models import Plan
from supervision.tasks.models import TASK_STATUS_LABELS, VERDICTS, Task, TaskDepartment, TaskTarget

TASK_ACTIONS = {"completed": "task.close", "suspended": "task.suspend", "carried_over": "task.carry_over"}


def _state(task: Task) -> dict:
    return {
        "status": task.status,
        "status_on": task.status_on.isoformat() if task.status_on else None,
        "verdict": task.verdict,
        "successor": task.successor_id,
    }


def _end_task(task: Task, status: str, reason: str, *, actor, today: date, verdict=None, successor=None) -> None:
    if task.status != "open":
        raise DomainError(f"该任务已是“{TASK_STATUS_LABELS[task.status]}”状态，须先恢复推进。")
    before = _state(task)
    task.status, task.status_on, task.status_reason = status, today, reason
    task.verdict, task.successor = verdict, successor
    task.updated_at = utcnow()  # cached figures (supervision/cache.py) are keyed on it
    db.session.flush()
    record_event(
        TASK_ACTIONS[status],
        object_type="task",
        object_id=task.id,
        before=before,
        after={**_state(task), "reason": reason},
        user=actor,
    )


def close_task(task: Task, verdict: str | None, reason: str | None, *, actor=None, today: date) -> None:
    """已办结 (销号): the office's verdict (完成 / 基本完成 / 未完成) on `today`."""
    if verdict not in VERDICTS:
        raise DomainError("请选择办结结论：" + "、".join(VERDICTS) + "。")
    _end_task(task, "completed", (reason or "").strip() or verdict, actor=actor, today=today, verdict=verdict)


def suspend_task(task: Task, reason: str | None, *, actor=None, today: date) -> None:
    """中止: the task stops, with a reason."""
    _end_task(task, "suspended", require_reason(reason), actor=actor, today=today)


def carry_over_task(task: Task, successor: Task, reason: str | None, *, actor=None, today: date) -> None:
    """转入新规划: the task's unfinished work continues as `successor`, a task of a later plan."""
    if successor.id == task.id or successor.plan_id == task.plan_id:
        raise DomainError("接续任务须属于另一个（后续）规划。")
    if successor.plan.start_year < task.plan.start_year:
        raise DomainError("接续任务须属于更晚的规划。")
    _end_task(task, "carried_over", require_reason(reason), actor=actor, today=today, successor=successor)


def reopen_task(task: Task, reason: str | None, *, actor=None, today: date) -> None:
    """推进中 again, with a reason; the verdict and successor link are cleared (the audit log keeps them)."""
    reason = require_reason(reason)
    if task.status == "open":
        raise DomainError("该任务正在推进中。")
    before = _state(task)
    task.status, task.status_on, task.status_reason = "open", today, reason
    task.verdict, task.successor = None, None
    task.updated_at = utcnow()
    db.session.flush()
    record_event(
        "task.reopen",
        object_type="task",
        object_id=task.id,
        before=before,
        after={**_state(task), "reason": reason},
        user=actor,
    )


def predecessors(task: Task) -> list[Task]:
    """The tasks carried over into `task`, and theirs in turn, nearest first."""
    found: list[Task] = []
    frontier, seen = [task.id], {task.id}
    while frontier:
        rows = db.session.scalars(select(Task).where(Task.successor_id.in_(frontier)).order_by(Task.id)).all()
        rows = [t for t in rows if t.id not in seen]
        seen.update(t.id for t in rows)
        found += rows
        frontier = [t.id for t in rows]
    return found


def copy_task(task: Task, plan: Plan, reason: str | None, *, actor=None, today: date) -> Task:
    """转入新规划 as a new task of `plan`: same kind, category, name, content, departments and targets."""
    if plan.id == task.plan_id or plan.start_year < task.plan.start_year:
        raise DomainError("只能复制到更晚的规划。")
    reason = require_reason(reason)
    number = 1 + max((t.number for t in plan.tasks if t.kind == task.kind), default=0)
    copy = Task(
        plan=plan,
        kind=task.kind,
        number=number,
        category=task.category,
        name=task.name,
        content=task.content,
        start_year=plan.start_year,
        end_year=plan.end_year,
        departments=[
            TaskDepartment(department=d.department, role=d.role, position=d.position) for d in task.departments
        ],
        targets=[
            TaskTarget(position=t.position, text=t.text, rule=t.rule, rule_wording=t.rule_wording) for t in task.targets
        ],
    )
    db.session.add(copy)
    db.session.flush()
    record_event(
        "task.copy_over", object_type="task", object_id=copy.id, after={"from": task.id, "plan": plan.code}, user=actor
    )
    carry_over_task(task, copy, reason, actor=actor, today=today)
    return copy


def successor_choices(task: Task) -> dict[str, str]:
    """Form choices for 转入新规划: tasks of later plans ("task:<id>"), or a copy into a later plan ("copy:<code>")."""
    later = db.session.scalars(
        select(Plan).where(Plan.start_year > task.plan.start_year).order_by(Plan.start_year, Plan.code)
    ).all()
    choices = {}
    for plan in later:
        choices[f"copy:{plan.code}"] = f"复制为“{plan.title}”的新任务"
        choices |= {f"task:{t.id}": f"{plan.title} · {t.kind_label}{t.number} {t.name}" for t in plan.tasks}
    return choices


def change_task_state(task: Task, action: str, *, verdict=None, reason=None, successor="", actor=None, today: date):
    """The task page's one action: 办结, 中止, 转入新规划 (to a task or as a copy) or 恢复推进."""
    if action == "completed":
        return close_task(task, verdict, reason, actor=actor, today=today)
    if action == "suspended":
        return suspend_task(task, reason, actor=actor, today=today)
    if action == "open":
        return reopen_task(task, reason, actor=actor, today=today)
    if action != "carried_over":
        raise DomainError("请选择操作。")
    kind, _, key = (successor or "").partition(":")
    if kind == "copy":
        plan = db.session.scalar(select(Plan).where(Plan.code == key))
        if plan is not None:
            return copy_task(task, plan, reason, actor=actor, today=today)
    if kind == "task" and key.isdigit():
        target = db.session.get(Task, int(key))
        if target is not None:
            return carry_over_task(task, target, reason, actor=actor, today=today)
    raise DomainError("请选择接续任务，或选择复制到新规划。")

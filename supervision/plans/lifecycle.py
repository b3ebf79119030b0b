"""The life of a plan: 执行中 → 收尾评估 → 已结束, and back with a reason; every change audited."""

from __future__ import annotations

from datetime import date

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError
from supervision.extensions import db
from supervision.plans.models import PLAN_STATUS_LABELS, Plan

PLAN_ACTIONS = {"evaluating": "plan.evaluate", "closed": "plan.close", "running": "plan.reopen"}


def require_reason(reason: str | None) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写原因。")
    if len(reason) > 500:
        raise DomainError("原因不能超过 500 字。")
    return reason


def _set_plan_status(plan: Plan, status: str, reason: str | None, *, actor, today: date) -> None:
    reason = require_reason(reason)
    if plan.status == status:
        raise DomainError(f"规划“{plan.title}”已是“{PLAN_STATUS_LABELS[status]}”状态。")
    before = {"status": plan.status, "status_on": plan.status_on.isoformat() if plan.status_on else None}
    plan.status, plan.status_on = status, today
    for task in plan.tasks:
        task.updated_at = utcnow()  # cached figures (supervision/cache.py) are keyed on it
    db.session.flush()
    record_event(
        PLAN_ACTIONS[status],
        object_type="plan",
        object_id=plan.code,
        before=before,
        after={"status": status, "status_on": today.isoformat(), "reason": reason},
        user=actor,
    )


def evaluate_plan(plan: Plan, reason: str | None, *, actor=None, today: date) -> None:
    """收尾评估: from `today` on only the plan's final year is supervised."""
    if plan.status == "closed":
        raise DomainError("已结束的规划须先重新启用，才能转入收尾评估。")
    _set_plan_status(plan, "evaluating", reason, actor=actor, today=today)


def close_plan(plan: Plan, reason: str | None, *, actor=None, today: date) -> None:
    """已结束: from `today` on nothing of the plan is supervised (messages already sent stay)."""
    _set_plan_status(plan, "closed", reason, actor=actor, today=today)


def reopen_plan(plan: Plan, reason: str | None, *, actor=None, today: date) -> None:
    """执行中 again: the plan's years are supervised as before."""
    _set_plan_status(plan, "running", reason, actor=actor, today=today)


def change_plan_state(plan: Plan, status: str, reason: str | None, *, actor=None, today: date) -> None:
    """The plan page's one action: to 收尾评估, 已结束 or back to 执行中."""
    changes = {"evaluating": evaluate_plan, "closed": close_plan, "running": reopen_plan}
    if status not in changes:
        raise DomainError("请选择规划的新状态。")
    changes[status](plan, reason, actor=actor, today=today)

"""Read-side queries of the plan catalogue: plans in catalogue order and the tasks of a plan by category."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from supervision.extensions import db
from supervision.permissions import listed_plans
from supervision.plans.models import Plan
from supervision.tasks.models import Task


def ordered_plans(code: str | None = None, user=None) -> list[Plan]:
    """Plans by start year and code; only the plan `code` when given (an empty list when it does not exist).

    With `user`, only the plans the user's lists show (not another district's own plan)."""
    query = select(Plan).order_by(Plan.start_year, Plan.code)
    if user is not None:
        query = query.where(*listed_plans(user, Plan.id))
    if code:
        query = query.where(Plan.code == code)
    return list(db.session.scalars(query))


def get_plan_by_code_or_404(code: str) -> Plan:
    """The plan with this code, or a 404 response."""
    return db.session.scalar(select(Plan).where(Plan.code == code)) or abort(404)


def tasks_by_category(plan: Plan) -> dict[str, list[Task]]:
    """The plan's tasks grouped by category: key projects first, then actions, each by number."""
    groups: dict[str, list[Task]] = {}
    for task in sorted(plan.tasks, key=lambda t: (t.kind != "key_project", t.number)):
        groups.setdefault(task.category, []).append(task)
    return groups

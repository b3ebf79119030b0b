"""The SQL form of the supervision rule of the task and plan states (Task.supervised in Python)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, true

from supervision.plans.models import Plan
from supervision.tasks.models import Task


def unsupervised(year, today: date | None):
    """True where the task's or its plan's state ends supervision of milestones of `year` on `today`; with
    `today=None`, by the states as they are now, whatever their dates (a run for an earlier day sends nothing
    for a plan closed since).

    The statement must join Task and Plan; every branch is definite (never NULL), so `~unsupervised(...)` filters.
    """

    def since(column):
        return true() if today is None else and_(column.is_not(None), column <= today)

    return or_(
        and_(Task.status != "open", since(Task.status_on)),
        and_(Plan.status == "closed", since(Plan.status_on)),
        and_(Plan.status == "evaluating", since(Plan.status_on), year < Plan.end_year),
    )

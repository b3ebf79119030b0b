"""What needs the office today: reviews waiting, items overdue, failed messages, tasks without a lead."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, func, or_, select

from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reminders.models import OutboxMessage
from supervision.reports.models import Report, ReportStatus
from supervision.reviews.queries import inbox_count
from supervision.tasks.models import DepartmentRole, Task, TaskDepartment

UNLED_LIMIT = 20


def _count(statement) -> int:
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def overdue_items(today: date):
    """Milestones of active tasks, any year, past their due date without an approved report."""
    return (
        select(Milestone.id, Milestone.year)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Task.active, Milestone.due_date < today)
        .where(or_(Report.id.is_(None), Report.status != ReportStatus.approved))
    )


def tasks_without_lead():
    has_lead = exists().where(TaskDepartment.task_id == Task.id, TaskDepartment.role == DepartmentRole.lead)
    return select(Task).where(Task.active, ~has_lead).order_by(Task.plan_id, Task.kind.desc(), Task.number)


def office_today(user, today: date) -> dict:
    """The counts on the office home, and the first tasks without a lead (each query bounded)."""
    overdue = overdue_items(today).subquery()
    years = db.session.execute(
        select(overdue.c.year, func.count()).group_by(overdue.c.year).order_by(overdue.c.year.desc())
    ).all()
    unled = tasks_without_lead()
    return {
        "reviews": inbox_count(user) or 0,
        "overdue": sum(n for _, n in years),
        "overdue_by_year": years,
        "failed": db.session.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "failed")
        ),
        "unled": _count(unled),
        "unled_tasks": list(db.session.scalars(unled.limit(UNLED_LIMIT))),
    }

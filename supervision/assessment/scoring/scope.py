"""What a year's assessment covers: the departments rated, the tasks rated for quality, the indicators (read-only)."""

from __future__ import annotations

from sqlalchemy import select

from supervision.accounts.models import Department
from supervision.extensions import db
from supervision.indicators.models import Indicator
from supervision.tasks.models import Task


def assessed_departments(kinds: list[str]) -> list[Department]:
    """The active departments of the scheme's kinds, in a fixed order."""
    return list(
        db.session.scalars(
            select(Department).where(Department.active, Department.kind.in_(kinds)).order_by(Department.id)
        )
    )


def tasks_of_year(year: int) -> list[Task]:
    """The active tasks whose period covers `year`, by id."""
    return list(
        db.session.scalars(
            select(Task).where(Task.active, Task.start_year <= year, Task.end_year >= year).order_by(Task.id)
        )
    )


def quality_rated_tasks(year: int) -> list[Task]:
    """The year's tasks with a formal (not demo) lead department: the office rates their quality, by plan."""
    tasks = sorted(tasks_of_year(year), key=lambda t: (t.plan_id, t.id))
    return [t for t in tasks if any(td.role == "lead" and not td.is_demo for td in t.departments)]


def department_by_id(department_id: int | None) -> Department | None:
    return db.session.get(Department, department_id) if department_id is not None else None


def department_or_404(department_id: int) -> Department:
    return db.get_or_404(Department, department_id)


def all_indicators() -> list[Indicator]:
    return list(db.session.scalars(select(Indicator).order_by(Indicator.number, Indicator.id)))


def indicator_or_404(indicator_id: int) -> Indicator:
    return db.get_or_404(Indicator, indicator_id)


def indicator_label(indicator: Indicator) -> str:
    """「1.2 名称（覆盖范围）」: how an indicator is named on forms and scorecards."""
    return f"{indicator.number} {indicator.name}" + (f"（{indicator.coverage}）" if indicator.coverage else "")

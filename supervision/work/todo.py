"""待办: a department's open items across years, for its liaisons and cooperating units.

An item is open when the department must act: a returned report (always), a report not started or still a
draft, or a contribution not yet submitted, once its milestone is due within `HORIZON` (so that the
milestones of later quarters do not bury what is due now).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, or_, select

from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.reports.models import Contribution, Report, ReportStatus
from supervision.tasks.models import DepartmentRole, Task, TaskDepartment

HORIZON = timedelta(days=31)
KINDS = {
    "returned": "被退回，需修改后重新报送",
    "draft": "草稿未报送",
    "not_started": "未填报",
    "contribution": "配合情况待提交",
}


@dataclass(frozen=True)
class TodoItem:
    milestone: Milestone
    kind: str

    @property
    def task(self) -> Task:
        return self.milestone.task

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    def overdue(self, today: date) -> bool:
        return self.milestone.due_date < today


def _tasks(department_id: int, role: str):
    return select(TaskDepartment.task_id).where(
        TaskDepartment.department_id == department_id, TaskDepartment.role == role
    )


def open_items(department_id: int, today: date) -> list[TodoItem]:
    """The department's open items of every year: returned reports first, then by due date."""
    horizon = today + HORIZON
    lead = db.session.execute(
        select(Milestone, Report.status)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .where(Task.active, Milestone.task_id.in_(_tasks(department_id, DepartmentRole.lead)))
        .where(
            or_(
                Report.status == ReportStatus.returned,
                and_(or_(Report.id.is_(None), Report.status == ReportStatus.draft), Milestone.due_date <= horizon),
            )
        )
    ).all()
    items = [TodoItem(m, status or "not_started") for m, status in lead]
    own = and_(Contribution.milestone_id == Milestone.id, Contribution.department_id == department_id)
    cooperating = db.session.scalars(
        select(Milestone)
        .join(Task, Task.id == Milestone.task_id)
        .outerjoin(Report, Report.milestone_id == Milestone.id)
        .outerjoin(Contribution, own)
        .where(Task.active, Milestone.task_id.in_(_tasks(department_id, DepartmentRole.cooperating)))
        .where(Milestone.due_date <= horizon)
        .where(or_(Report.id.is_(None), Report.status.in_((ReportStatus.draft, ReportStatus.returned))))
        .where(or_(Contribution.id.is_(None), Contribution.status != "submitted"))
    ).all()
    items += [TodoItem(m, "contribution") for m in cooperating]
    return sorted(items, key=lambda i: (i.kind != "returned", i.milestone.due_date, i.milestone.id))


def latest_open_year(items: list[TodoItem]) -> int | None:
    """The default year of the department's pages: the latest year that holds open work."""
    return max((i.milestone.year for i in items), default=None)

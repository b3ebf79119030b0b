"""The district list (the office adds and edits units) and each district's part of a milestone."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from supervision.accounts.models import Department, DepartmentAlias, DepartmentKind
from supervision.audit.services import record_event
from supervision.districts.units import district_units, names_districts
from supervision.errors import DomainError, NotFound, PermissionDenied
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.permissions import task_role
from supervision.reports.models import Contribution
from supervision.reports.services import report_for

NAME_MAX = 100


def get_district_or_404(department_id: int) -> Department:
    department = db.get_or_404(Department, department_id)
    if department.kind != DepartmentKind.district:
        raise NotFound("该单位不是区、县(市)。")
    return department


def _check_name(name: str, *, current: Department | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError("请填写单位名称。")
    if len(name) > NAME_MAX:
        raise DomainError(f"单位名称不能超过 {NAME_MAX} 个字。")
    taken = db.session.scalar(select(Department).where(Department.name == name))
    if taken is None:
        owner = db.session.scalar(select(DepartmentAlias).where(DepartmentAlias.alias == name))
        taken = owner.department if owner else None
    if taken is not None and taken is not current:
        raise DomainError(f"已有名为“{name}”的单位。")
    return name


def add_district(name: str, short_name: str, *, actor) -> Department:
    """The office adds a unit of kind district (e.g. a 管委会); it joins every task naming 各区、县(市)政府."""
    department = Department(
        name=_check_name(name), short_name=(short_name or "").strip() or None, kind=DepartmentKind.district.value
    )
    db.session.add(department)
    db.session.flush()
    record_event(
        "district.add",
        object_type="department",
        object_id=department.id,
        after={"name": department.name, "short_name": department.short_name},
        user=actor,
    )
    return department


def update_district(department: Department, name: str, short_name: str, active: bool, *, actor) -> None:
    """Rename a district unit or take it off (an inactive unit has no part in new periods)."""
    before = {"name": department.name, "short_name": department.short_name, "active": department.active}
    department.name = _check_name(name, current=department)
    department.short_name = (short_name or "").strip() or None
    department.active = active
    after = {"name": department.name, "short_name": department.short_name, "active": department.active}
    if after == before:
        return
    db.session.flush()
    record_event(
        "district.update", object_type="department", object_id=department.id, before=before, after=after, user=actor
    )


@dataclass(frozen=True)
class DistrictPart:
    department: Department
    contribution: Contribution | None

    @property
    def state(self) -> str:
        c = self.contribution
        if c is None or (c.status == "draft" and not c.text):
            return "未填报"
        if c.status == "returned":
            return "已退回"
        if c.status != "submitted":
            return "草稿"
        return "已纳入报送" if c.included_in_report else "已提交"


def can_see_district_table(user, milestone: Milestone) -> bool:
    return user.has_role("office", "leader") or task_role(user, milestone.task) == "lead"


def district_table(milestone: Milestone) -> list[DistrictPart]:
    """One row per district unit: its contribution to the milestone, if any."""
    if not names_districts(milestone.task):
        return []
    found = {
        c.department_id: c
        for c in db.session.scalars(select(Contribution).where(Contribution.milestone_id == milestone.id))
    }
    return [DistrictPart(d, found.get(d.id)) for d in district_units()]


def get_contribution_or_404(contribution_id: int) -> Contribution:
    return db.get_or_404(Contribution, contribution_id)


def _lead_decides(contribution: Contribution, actor) -> None:
    if not (actor.has_role("liaison") and task_role(actor, contribution.milestone.task) == "lead"):
        raise PermissionDenied("只有牵头部门的联络员可以纳入或退回配合情况。")
    if contribution.status != "submitted":
        raise DomainError("该单位尚未提交配合情况。")
    report = report_for(contribution.milestone)
    if report is not None and not report.editable:
        raise DomainError("报告已报送，审核结束或被退回前不能调整配合情况。")


def include_contribution(contribution: Contribution, *, actor) -> None:
    """The lead takes a district's submitted part into its report."""
    _lead_decides(contribution, actor)
    contribution.included_in_report = True
    db.session.flush()
    record_event("contribution.include", object_type="contribution", object_id=contribution.id, user=actor)


def return_contribution(contribution: Contribution, reason: str, *, actor) -> None:
    """The lead sends a district's part back with a reason; it is open again (and reminded) until resubmitted."""
    _lead_decides(contribution, actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("请填写退回理由。")
    contribution.status = "returned"
    contribution.included_in_report = False
    db.session.flush()
    record_event(
        "contribution.return",
        object_type="contribution",
        object_id=contribution.id,
        detail=reason[:500],
        after={"status": "returned"},
        user=actor,
    )

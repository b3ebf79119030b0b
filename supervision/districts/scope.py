"""A district unit's data scope: its users see only the items of tasks their district is on."""

from __future__ import annotations

from flask import Flask, request
from flask_login import current_user
from sqlalchemy import Select, select

from supervision.accounts.models import Department, DepartmentKind
from supervision.districts.local import local_plan_district_id, refuse_city_review_of_local
from supervision.districts.models import LocalPlan
from supervision.districts.units import district_role
from supervision.errors import PermissionDenied
from supervision.evidence.models import Evidence
from supervision.extensions import db
from supervision.hooks import add_hook
from supervision.milestones.models import Milestone
from supervision.permissions import HIDDEN_PLANS, task_role, visible_files
from supervision.reports.models import Contribution, Report
from supervision.tasks.models import Task

OUT_OF_SCOPE = "区、县(市)账号只能查看本地区参与的事项。"


def in_district_scope(user) -> bool:
    """True for the users a district scope applies to (district units' accounts, not the city office)."""
    return (
        user.is_authenticated
        and user.department.kind == DepartmentKind.district
        and not user.has_role("office", "leader")
    )


def _task_of(args: dict) -> Task | None:
    """The task an URL's object belongs to (None when there is none or it does not exist: the view answers)."""
    if "milestone_id" in args:
        milestone = db.session.get(Milestone, args["milestone_id"])
        return milestone.task if milestone else None
    if "task_id" in args:
        return db.session.get(Task, args["task_id"])
    for key, model in (("report_id", Report), ("contribution_id", Contribution), ("evidence_id", Evidence)):
        if key in args:
            row = db.session.get(model, args[key])
            return row.milestone.task if row else None
    return None


def check_district_scope() -> None:
    """Refuse (403) a district account any page or action about another district's or the city's own items."""
    args = request.view_args or {}
    if not args or not in_district_scope(current_user):  # no object in the path: nothing to scope (nor load)
        return
    if "evidence_id" in args:
        evidence = db.session.get(Evidence, args["evidence_id"])
        if evidence is not None and not visible_files(current_user, [evidence]):
            raise PermissionDenied(OUT_OF_SCOPE)
    if "department_id" in args:
        department = db.session.get(Department, args["department_id"])
        other = department is not None and department.id != current_user.department_id
        if other and department.kind == DepartmentKind.district:
            raise PermissionDenied(OUT_OF_SCOPE)
    plan = args.get("plan_id") or (args.get("code") if (request.endpoint or "").startswith("plans.") else None)
    if plan is not None:
        owner = local_plan_district_id(plan)
        if owner is not None and owner != current_user.department_id:
            raise PermissionDenied(OUT_OF_SCOPE)
    task = _task_of(args)
    if task is not None and task_role(current_user, task) is None:
        raise PermissionDenied(OUT_OF_SCOPE)


def other_districts_plans(user) -> Select | None:
    """The local plans of other districts: kept out of a district account's lists (plans, tasks)."""
    if not in_district_scope(user):
        return None
    return select(LocalPlan.plan_id).where(LocalPlan.district_id != user.department_id)


def init_app(app: Flask) -> None:
    """各区、县(市)政府 on a task gives each district unit its role; district accounts are scoped."""
    add_hook(app, "task_role", district_role)
    add_hook(app, "report.office_review_check", refuse_city_review_of_local)
    add_hook(app, HIDDEN_PLANS, other_districts_plans)
    app.before_request(check_district_scope)

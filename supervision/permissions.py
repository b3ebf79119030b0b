"""Named access rules used by views and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask_login import current_user, login_required

from supervision.errors import PermissionDenied
from supervision.hooks import hooks_for


def require_role(*roles: str) -> Callable:
    """Allow the view only to logged-in users holding one of `roles`."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not current_user.has_role(*roles):
                raise PermissionDenied("您的角色无权执行此操作。")
            return view(*args, **kwargs)

        wrapped.required_roles = tuple(roles)  # read by the route-map test
        return wrapped

    return decorator


BUSINESS_READERS = ("office", "liaison", "dept_head", "leader", "district_office")
# Hook point: hook(user) -> a select of plan ids kept out of the user's lists (another district's own plan), or None.
HIDDEN_PLANS = "permissions.hidden_plans"


def listed_plans(user, plan_id) -> list:
    """Conditions on a plan id column that keep the plans `user` may not see out of list pages."""
    return [plan_id.not_in(hidden) for hook in hooks_for(HIDDEN_PLANS) if (hidden := hook(user)) is not None]


def task_role(user, task) -> str | None:
    """'lead' or 'cooperating' when the user's department is on the task, else None."""
    for row in task.departments:
        if row.department_id == user.department_id:
            return row.role
    for hook in hooks_for("task_role"):  # a unit on the task through a collective (各区、县(市)政府)
        role = hook(user, task)
        if role:
            return role
    return None


def require_lead_liaison(user, task) -> None:
    if not (user.has_role("liaison") and task_role(user, task) == "lead"):
        raise PermissionDenied("只有牵头部门的联络员可以填报本任务的进展。")


def require_contributor(user, task) -> str:
    role = task_role(user, task)
    if not (user.has_role("liaison") and role):
        raise PermissionDenied("只有本任务牵头或配合部门的联络员可以执行此操作。")
    return role


def can_read_work(user, task, department_id: int | None = None) -> bool:
    """The one read rule for work in progress: a report before its approval, a contribution, an evidence file.

    The office and leaders read all of it; a lead department reads everything on its task; any other
    department reads only what it wrote itself (`department_id`: the contribution's or the file's)."""
    if user.has_role("office", "leader"):
        return True
    if not user.has_role("liaison", "dept_head", "district_office"):
        return False
    if task_role(user, task) == "lead":
        return True
    return department_id is not None and department_id == user.department_id


def can_read_report(user, report) -> bool:
    """An approved report is read by every business reader; before that it is work in progress of the lead."""
    if report.status == "approved":
        return user.has_role(*BUSINESS_READERS)
    return can_read_work(user, report.milestone.task)


def can_read_evidence(user, evidence) -> bool:
    """Evidence files: the office, leaders, the task's lead departments and the department that uploaded it."""
    return can_read_work(user, evidence.milestone.task, evidence.department_id)


def visible_contributions(user, task, contributions: list) -> list:
    """The contributions `user` may read: all for the office, leaders and the lead, else only its own."""
    return [c for c in contributions if can_read_work(user, task, c.department_id)]


def visible_files(user, files: list) -> list:
    """The evidence files `user` may read, each by `can_read_evidence`."""
    return [e for e in files if can_read_evidence(user, e)]


def can_see_files(user, task) -> bool:
    """Whether the user may see some evidence of the task: the office, leaders and the departments on it."""
    return user.has_role("office", "leader") or task_role(user, task) is not None

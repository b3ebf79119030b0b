"""Named access rules used by views and services."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask_login import current_user, login_required

from supervision.errors import PermissionDenied


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


BUSINESS_READERS = ("office", "liaison", "dept_head", "leader")


def task_role(user, task) -> str | None:
    """'lead' or 'cooperating' when the user's department is on the task, else None."""
    for row in task.departments:
        if row.department_id == user.department_id:
            return row.role
    return None


def require_lead_liaison(user, task) -> None:
    if not (user.has_role("liaison") and task_role(user, task) == "lead"):
        raise PermissionDenied("只有牵头部门的联络员可以填报本任务的进展。")


def require_contributor(user, task) -> str:
    role = task_role(user, task)
    if not (user.has_role("liaison") and role):
        raise PermissionDenied("只有本任务牵头或配合部门的联络员可以执行此操作。")
    return role


def can_see_files(user, task) -> bool:
    """Evidence files: the office, leaders and the departments on the task."""
    return user.has_role("office", "leader") or task_role(user, task) is not None


def visible_contributions(user, task, contributions: list) -> list:
    """A cooperating unit sees only its own contribution; the lead, the office and leaders see them all."""
    if task_role(user, task) == "cooperating" and not user.has_role("office", "leader"):
        return [c for c in contributions if c.department_id == user.department_id]
    return list(contributions)

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

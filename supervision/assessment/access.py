"""Who may see which assessment results (DESIGN.md, "see scorecards"; the issue: departments only their
own published scorecard). Kept beside the feature; the general rules live in supervision/permissions.py."""

from __future__ import annotations

from supervision.errors import PermissionDenied

READERS = ("office", "leader", "liaison", "dept_head")


def reads_all(user) -> bool:
    """The office and leaders read every department's result, drafts included."""
    return user.has_role("office", "leader")


def can_see_result(user, department_id: int, round_) -> bool:
    if reads_all(user):
        return True
    own = user.has_role("liaison", "dept_head") and user.department_id == department_id
    return own and round_ is not None and round_.published


def require_result_access(user, department_id: int, round_) -> None:
    if not can_see_result(user, department_id, round_):
        raise PermissionDenied("只能查看本部门已发布的考核结果。")


def own_result_shown(assessment, round_):
    """What a department sees of its own result once published (a 不参评 row says so), else nothing."""
    if assessment is not None and round_ is not None and round_.published:
        return assessment
    return None

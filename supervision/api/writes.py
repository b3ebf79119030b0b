"""Writes through the API: the same services as the web, acting as the token's department account."""

from __future__ import annotations

from supervision.api.models import ApiToken
from supervision.api.services import token_actor
from supervision.errors import Conflict, PermissionDenied
from supervision.milestones.models import Milestone
from supervision.reports.models import Report
from supervision.reports.services import STALE, contributions_for, report_for, save_report, submit_report


def lead_department_for(token: ApiToken, milestone: Milestone):
    for row in milestone.task.departments:
        if row.role == "lead" and row.department_id in token.department_ids:
            return row.department
    raise PermissionDenied("该令牌不代表本任务的牵头部门，不能填报。")


def save_milestone_report(token: ApiToken, milestone: Milestone, data: dict) -> Report:
    """Save the lead's report (and submit it when asked); the version read must still be current."""
    actor = token_actor(token, lead_department_for(token, milestone))
    existing = report_for(milestone)
    expected = data.get("version")
    if existing is not None and expected != existing.version:
        raise Conflict(STALE)
    fields = ("progress", "problems", "next_steps", "completion_percent", "task_status")
    values = {k: data[k] for k in fields}
    values["included_contributions"] = [c.id for c in contributions_for(milestone) if c.included_in_report]
    report = save_report(milestone, values, expected_version=expected, actor=actor)
    if data.get("submit"):
        submit_report(report, expected_version=report.version, actor=actor)
    return report

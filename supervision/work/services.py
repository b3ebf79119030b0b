"""The read-side rules of daily work: what the workbench puts first, what the milestone page shows."""

from __future__ import annotations

from datetime import date

from supervision.evidence.services import evidence_for
from supervision.milestones.models import Milestone
from supervision.permissions import can_read_report, can_read_work, task_role, visible_contributions, visible_files
from supervision.reports.models import TASK_STATUSES
from supervision.reports.services import contributions_for, report_for
from supervision.reviews.services import reviews_for
from supervision.work.history import milestone_history
from supervision.work.lights import light_counts
from supervision.work.queries import MilestoneRow, row_for


def workbench_sections(lead: list[MilestoneRow], cooperating: list[MilestoneRow], user) -> dict[str, list]:
    """What needs the department first: returned reports, red and yellow lights, reports waiting for the
    department head (shown to the head), cooperating tasks running late."""
    return {
        "returned": [r for r in lead if r.status == "returned"],
        "red": [r for r in lead if r.light == "red"],
        "yellow": [r for r in lead if r.light == "yellow"],
        "head": [r for r in lead if r.status == "submitted"] if user.has_role("dept_head") else [],
        "cooperating": [r for r in cooperating if r.light in ("red", "yellow")],
    }


def overview_counts(year: int, today: date) -> tuple[dict, dict, dict]:
    """The office overview's lights counted by plan, by category and by lead department."""
    counts = light_counts(year, today)
    return counts.by_plan, counts.by_category, counts.by_lead_department


def milestone_page(milestone: Milestone, user, today: date) -> dict:
    """Everything the milestone page shows to `user`: report, reviews, history, contributions and files."""
    task = milestone.task
    report = report_for(milestone)
    role = task_role(user, task)
    contributions = contributions_for(milestone)
    is_liaison = user.has_role("liaison")
    readable = report is not None and can_read_report(user, report)
    return {
        "milestone": milestone,
        "task": task,
        "report": report,
        "light": row_for(milestone, today).shown_light,
        "reads_all_work": can_read_work(user, task),
        "report_readable": readable,  # before approval a report is read only as work in progress allows
        "reviews": reviews_for(report) if readable else [],
        "history": milestone_history(milestone, report),
        "role": role,
        "contributions": visible_contributions(user, task, contributions),
        "evidence": visible_files(user, evidence_for(milestone)),
        "task_statuses": TASK_STATUSES,
        "own_contribution": next((c for c in contributions if c.department_id == user.department_id), None),
        "is_lead_liaison": is_liaison and role == "lead",
        "is_coop_liaison": is_liaison and role == "cooperating",
    }

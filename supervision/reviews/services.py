"""Reviews: the department head's approval and the office's 通过/退回."""

from __future__ import annotations

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db
from supervision.permissions import task_role
from supervision.reports.models import Report, ReportStatus
from supervision.reviews.models import Review


def _review(report: Report, stage: str, outcome: str, comment: str, actor) -> None:
    comment = (comment or "").strip()
    if outcome == "returned" and not comment:
        raise DomainError("退回时必须填写退回意见。")
    before = report.status
    if outcome == "approved":
        report.status = ReportStatus.pending_review if stage == "dept_head" else ReportStatus.approved
        if stage == "office":
            report.approved_at = utcnow()
    else:
        report.status = ReportStatus.returned
    db.session.add(Review(report_id=report.id, stage=stage, outcome=outcome, comment=comment, reviewer=actor))
    db.session.flush()
    record_event(
        f"report.{stage}_{outcome}",
        object_type="report",
        object_id=report.id,
        before={"status": before},
        after={"status": report.status, "comment": comment},
        user=actor,
    )


def head_review(report: Report, outcome: str, comment: str, *, actor) -> None:
    """The department head approves or returns before the office sees the report."""
    if not actor.has_role("dept_head") or task_role(actor, report.milestone.task) != "lead":
        raise PermissionDenied("只有牵头部门的负责人可以审核本报告。")
    if report.status != ReportStatus.submitted:
        raise DomainError("该报告当前不在待部门负责人审核状态。")
    _review(report, "dept_head", outcome, comment, actor)


def office_review(report: Report, outcome: str, comment: str, *, actor) -> None:
    """通过 / 退回 by the leading-group office."""
    if not actor.has_role("office"):
        raise PermissionDenied("只有领导小组办公室可以审核。")
    if report.status != ReportStatus.pending_review:
        raise DomainError("该报告当前不在待办公室审核状态。")
    if outcome not in ("approved", "returned"):
        raise DomainError("审核结果无效。")
    _review(report, "office", outcome, comment, actor)

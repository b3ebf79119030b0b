"""Reviews: the department head's approval and the office's 通过/退回."""

from __future__ import annotations

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import DomainError, PermissionDenied
from supervision.extensions import db
from supervision.hooks import run_hooks
from supervision.permissions import task_role
from supervision.reports.models import Report, ReportStatus
from supervision.reviews.models import Review
from supervision.validation import check_text

OFFICE_REVIEW_CHECK = "report.office_review_check"  # hooks (report, actor) that may refuse the city office
REVIEW_HOOK = "report.reviewed"  # hooks called with (report, review) after each 通过/退回, in its transaction


def reviews_for(report: Report | None) -> list[Review]:
    """The decisions on a report, oldest first (none before a report exists)."""
    if report is None:
        return []
    return list(db.session.scalars(select(Review).where(Review.report_id == report.id).order_by(Review.id)))


def _review(report: Report, stage: str, outcome: str, comment: str, actor) -> None:
    """Both stages: only 通过 (approved) or 退回 (returned, with a comment)."""
    if outcome not in ("approved", "returned"):
        raise DomainError("审核结果无效。")
    comment = check_text(comment, Review.comment, label="审核意见", multiline=True).strip()
    if outcome == "returned" and not comment:
        raise DomainError("退回时必须填写退回意见。")
    before = report.status
    if outcome == "approved":
        report.status = ReportStatus.pending_review if stage == "dept_head" else ReportStatus.approved
        if stage == "office":
            report.approved_at = utcnow()
    else:
        report.status = ReportStatus.returned
    review = Review(report_id=report.id, stage=stage, outcome=outcome, comment=comment, reviewer=actor)
    db.session.add(review)
    db.session.flush()
    record_event(
        f"report.{stage}_{outcome}",
        object_type="report",
        object_id=report.id,
        before={"status": before},
        after={"status": report.status, "comment": comment},
        user=actor,
    )
    run_hooks(REVIEW_HOOK, report, review)


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
    run_hooks(OFFICE_REVIEW_CHECK, report, actor)
    if report.status != ReportStatus.pending_review:
        raise DomainError("该报告当前不在待办公室审核状态。")
    _review(report, "office", outcome, comment, actor)


def _label(report: Report) -> str:
    task = report.milestone.task
    return f"{task.kind_label}{task.number}「{task.name}」{report.milestone.title}"


def review_batch(reports: list[Report], outcome: str, comments: dict[int, str], *, stage: str, actor) -> int:
    """通过 or 退回 several reports at once, all or nothing: `comments` maps a report id to its comment
    (one comment shared by the approvals, each return its own, required). Returns how many were decided."""
    if not reports:
        raise DomainError("请先勾选要审核的报告。")
    if outcome not in ("approved", "returned"):
        raise DomainError("审核结果无效。")
    if outcome == "returned":
        missing = [_label(r) for r in reports if not (comments.get(r.id) or "").strip()]
        if missing:
            raise DomainError("退回时必须逐条填写退回意见，以下报告未填写：" + "；".join(missing) + "。")
    decide = office_review if stage == "office" else head_review
    for report in reports:
        try:
            decide(report, outcome, comments.get(report.id, ""), actor=actor)
        except PermissionDenied:
            raise
        except DomainError as error:
            raise DomainError(f"{_label(report)}：{error.message}未作任何审核，请刷新后重试。") from error
    return len(reports)

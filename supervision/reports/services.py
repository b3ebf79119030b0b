"""The report workflow: draft → submitted → pending_review → approved / returned; contributions."""

from __future__ import annotations

from sqlalchemy import select

from supervision.audit.services import record_event
from supervision.db import utcnow
from supervision.errors import Conflict, DomainError, PermissionDenied
from supervision.extensions import db
from supervision.milestones.models import Milestone
from supervision.permissions import require_contributor, require_lead_liaison
from supervision.reports.models import TASK_STATUSES, Contribution, Report, ReportStatus, ReportTargetValue

STALE = "该内容已被他人修改并保存，您的修改未保存。请刷新页面查看最新内容后再修改。"


def get_report_or_404(report_id: int) -> Report:
    return db.get_or_404(Report, report_id)


def report_for(milestone: Milestone) -> Report | None:
    return db.session.scalar(select(Report).where(Report.milestone_id == milestone.id))


def _check_version(obj, expected: int | None) -> None:
    if expected is not None and obj.version != expected:
        raise Conflict(STALE)


def snapshot(report: Report) -> dict:
    return {
        "status": report.status,
        "progress": report.progress,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "completion_percent": report.completion_percent,
        "task_status": report.task_status,
        "targets": {str(v.target_id): v.value for v in report.target_values},
    }


def save_report(milestone: Milestone, data: dict, *, expected_version: int | None, actor) -> Report:
    """Save the lead's draft; refused when someone saved in between (version check)."""
    require_lead_liaison(actor, milestone.task)
    report = report_for(milestone)
    if report is None:
        report = Report(milestone=milestone)
        db.session.add(report)
        before = None
    else:
        _check_version(report, expected_version)
        if not report.editable:
            raise DomainError("报告已报送，审核结束或被退回前不能修改。")
        before = snapshot(report)
    percent = data.get("completion_percent", 0)
    if not isinstance(percent, int) or not 0 <= percent <= 100:
        raise DomainError("完成进度应为 0 到 100 之间的整数。")
    if data.get("task_status") not in TASK_STATUSES:
        raise DomainError("请选择任务总体状态。")
    report.progress = data.get("progress", "").strip()
    report.problems = data.get("problems", "").strip()
    report.next_steps = data.get("next_steps", "").strip()
    report.completion_percent = percent
    report.task_status = data["task_status"]
    report.updated_by = actor
    values = data.get("targets", {})
    valid_targets = {t.id for t in milestone.task.targets}
    current = {v.target_id: v for v in report.target_values}
    for target_id, value in values.items():
        if target_id not in valid_targets:
            continue
        row = current.get(target_id) or ReportTargetValue(target_id=target_id)
        row.value = str(value).strip()[:500]
        if row not in report.target_values:
            report.target_values.append(row)
    included = set(data.get("included_contributions", []))
    for contribution in contributions_for(milestone):
        contribution.included_in_report = contribution.id in included and contribution.status == "submitted"
    db.session.flush()
    record_event(
        "report.save", object_type="report", object_id=report.id, before=before, after=snapshot(report), user=actor
    )
    return report


def submit_report(report: Report, *, expected_version: int | None, actor) -> None:
    require_lead_liaison(actor, report.milestone.task)
    _check_version(report, expected_version)
    if not report.editable:
        raise DomainError("报告已报送，不能重复报送。")
    if not report.progress:
        raise DomainError("请先填写“进展情况”再报送。")
    before = report.status
    needs_head = actor.department.requires_head_approval
    report.status = ReportStatus.submitted if needs_head else ReportStatus.pending_review
    report.submitted_at = utcnow()
    report.updated_by = actor
    db.session.flush()
    record_event(
        "report.submit",
        object_type="report",
        object_id=report.id,
        before={"status": before},
        after={"status": report.status},
        user=actor,
    )


def contributions_for(milestone: Milestone) -> list[Contribution]:
    return list(db.session.scalars(select(Contribution).where(Contribution.milestone_id == milestone.id)))


def contribution_changed(milestone: Milestone, user, text: str) -> bool:
    """Whether `text` differs from what `user`'s unit saved (an upload from the form saves only a change)."""
    saved = db.session.scalar(
        select(Contribution.text).where(
            Contribution.milestone_id == milestone.id, Contribution.department_id == user.department_id
        )
    )
    return (saved or "") != text.strip()


def save_contribution(
    milestone: Milestone, text: str, *, submit: bool, expected_version: int | None, actor
) -> Contribution:
    """A cooperating unit writes (and optionally submits) its 配合情况 for a milestone."""
    if require_contributor(actor, milestone.task) != "cooperating":
        raise PermissionDenied("只有配合部门的联络员可以填写配合情况。")
    contribution = db.session.scalar(
        select(Contribution).where(
            Contribution.milestone_id == milestone.id, Contribution.department_id == actor.department_id
        )
    )
    before = None
    if contribution is None:
        contribution = Contribution(milestone=milestone, department_id=actor.department_id)
        db.session.add(contribution)
    else:
        _check_version(contribution, expected_version)
        before = {"text": contribution.text, "status": contribution.status}
        report = report_for(milestone)
        if contribution.included_in_report and report is not None and not report.editable:
            raise DomainError("牵头部门已将本配合情况纳入报送，审核结束或退回前不能修改。")
    if submit and not text.strip():
        raise DomainError("请先填写配合情况再提交。")
    contribution.text = text.strip()
    contribution.updated_by_id = actor.id
    if submit:
        contribution.status = "submitted"
        contribution.submitted_at = utcnow()
    db.session.flush()
    record_event(
        "contribution.save",
        object_type="contribution",
        object_id=contribution.id,
        before=before,
        after={"text": contribution.text, "status": contribution.status},
        user=actor,
    )
    return contribution
